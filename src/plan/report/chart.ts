/**
 * The SVG chart: every arena buffer as a rectangle over op steps (x) and arena offsets (y, 0 at the bottom),
 * layered back to front: legend, plot background and axes, peak band, buffers, peak outline, labels, lines.
 */
import { renderXAxis, renderYAxis } from './axes';
import { renderBoundLines } from './boundLines';
import { renderBufferRects } from './bufferRects';
import { ChartLayout } from './chartLayout';
import { escapeHtml } from './escapeHtml';
import { PLOT_H, PLOT_W, PLOT_X0, SVG_W } from './geometry';
import { renderLegend } from './legend';
import { renderPeakBand, renderPeakOutline } from './peakMarker';
import { ReportContext } from './reportContext';

/** The opening tag, with the scales as data attributes (for scripts and tests reading the picture). */
function svgOpenTag(ctx: ReportContext, layout: ChartLayout): string {
  const { pxPerStep, yBase, pxPerByte, yMax, svgH } = layout;
  return (
    `<svg id="plan" width="${SVG_W}" height="${svgH}" viewBox="0 0 ${SVG_W} ${svgH}"` +
    ` data-x0="${PLOT_X0}" data-px-per-step="${pxPerStep}" data-y0="${yBase}" data-px-per-byte="${pxPerByte}"` +
    ` data-steps="${ctx.steps}" data-ymax="${yMax}" role="img" aria-label="arena placement of ${escapeHtml(ctx.input.modelName)}">`
  );
}

/** The hatch pattern of scratch buffers and the clip path of the plot area. */
function svgDefs(layout: ChartLayout): string {
  return (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<line x1="0" y1="0" x2="0" y2="6" stroke="rgba(120,40,0,0.35)" stroke-width="2"/></pattern>' +
    `<clipPath id="plotclip"><rect x="${PLOT_X0}" y="${layout.plotY0}" width="${PLOT_W}" height="${PLOT_H}"/></clipPath></defs>`
  );
}

/** The whole SVG element, one element or group per line. */
export function renderChart(ctx: ReportContext, layout: ChartLayout, colours: string[]): string {
  const { plotY0, yBase } = layout;
  const svg: string[] = [];
  svg.push(svgOpenTag(ctx, layout));
  svg.push(svgDefs(layout));
  svg.push(renderLegend(ctx, layout));
  svg.push(`<rect class="plotbg" x="${PLOT_X0}" y="${plotY0}" width="${PLOT_W}" height="${PLOT_H}"/>`);
  svg.push(...renderYAxis(layout));
  svg.push(...renderXAxis(ctx, layout));
  svg.push(renderPeakBand(ctx, layout));
  const { rects, labels } = renderBufferRects(ctx, layout, colours);
  svg.push(rects);
  svg.push(renderPeakOutline(ctx, layout));
  svg.push(labels);
  svg.push(renderBoundLines(ctx, layout));
  svg.push(
    `<rect class="plotframe" x="${PLOT_X0}" y="${plotY0}" width="${PLOT_W}" height="${PLOT_H}"/>` +
      `<line class="axis" x1="${PLOT_X0}" y1="${yBase}" x2="${PLOT_X0 + PLOT_W}" y2="${yBase}"/>`,
  );
  svg.push('</svg>');
  return svg.join('\n');
}
