/** The axes: byte grid and ticks on y, step ticks, op names and op tooltips on x. */
import { ChartLayout, byteY, stepX } from './chartLayout';
import { escapeHtml } from './escapeHtml';
import { fitText } from './format';
import { PLOT_H, PLOT_W, PLOT_X0, r2 } from './geometry';
import { ReportContext } from './reportContext';
import { niceStep, tickFormatter } from './ticks';

/** The y axis: the grid lines and tick labels (one group), then the axis title. */
export function renderYAxis(layout: ChartLayout): string[] {
  const { yMax, yTick, plotY0 } = layout;
  const yTicks: string[] = [];
  const yFmt = tickFormatter(yMax, yTick);
  for (let v = 0; v <= yMax; v += yTick) {
    const y = r2(byteY(layout, v));
    yTicks.push(`<line class="grid" x1="${PLOT_X0}" y1="${y}" x2="${PLOT_X0 + PLOT_W}" y2="${y}"/>`);
    yTicks.push(`<line class="tick" x1="${PLOT_X0 - 5}" y1="${y}" x2="${PLOT_X0}" y2="${y}"/>`);
    yTicks.push(`<text class="ytick" x="${PLOT_X0 - 8}" y="${r2(y + 4)}">${escapeHtml(yFmt(v))}</text>`);
  }
  return [
    `<g class="yaxis">${yTicks.join('')}</g>`,
    `<text class="axistitle" transform="translate(16,${r2(plotY0 + PLOT_H / 2)}) rotate(-90)">` +
      `arena offset (bytes, 0 at the bottom)</text>`,
  ];
}

/**
 * The x axis: per step a hover strip with the op's name, and op names (across or rotated) when steps are wide
 * enough, else step numbers every few steps (one group); then the axis title.
 */
export function renderXAxis(ctx: ReportContext, layout: ChartLayout): string[] {
  const { steps, opName } = ctx;
  const { pxPerStep, yBase, showOpNames, opNamesAcross, opLabelPx, xAxisH, svgH } = layout;
  const xTick = niceStep(steps, Math.max(2, Math.floor(PLOT_W / 48)));
  const xs: string[] = [];
  for (let s = 0; s < steps; s++) {
    const x0 = r2(stepX(layout, s));
    const w = r2(Math.max(pxPerStep, 0.5));
    // Hover strip under the axis: every step's op name.
    xs.push(
      `<rect class="stepstrip" x="${x0}" y="${yBase}" width="${w}" height="${showOpNames && !opNamesAcross ? xAxisH - 16 : 22}">` +
        `<title>step ${s}: ${escapeHtml(opName(s))}</title></rect>`,
    );
    const xc = r2(stepX(layout, s + 0.5));
    if (showOpNames) {
      xs.push(`<line class="tick" x1="${xc}" y1="${yBase}" x2="${xc}" y2="${yBase + 4}"/>`);
      const name = fitText(`${s} ${opName(s)}`, opLabelPx, 10);
      if (opNamesAcross) {
        xs.push(`<text class="xtick" x="${xc}" y="${yBase + 17}">${escapeHtml(name)}<title>step ${s}: ${escapeHtml(opName(s))}</title></text>`);
        continue;
      }
      xs.push(
        `<text class="xop" transform="translate(${r2(xc + 3.5)},${yBase + 7}) rotate(-90)">${escapeHtml(name)}` +
          `<title>step ${s}: ${escapeHtml(opName(s))}</title></text>`,
      );
    } else if (s % xTick === 0) {
      xs.push(`<line class="tick" x1="${xc}" y1="${yBase}" x2="${xc}" y2="${yBase + 5}"/>`);
      xs.push(
        `<text class="xtick" x="${xc}" y="${yBase + 17}">${s}<title>step ${s}: ${escapeHtml(opName(s))}</title></text>`,
      );
    }
  }
  return [
    `<g class="xaxis">${xs.join('')}</g>`,
    `<text class="axistitle" x="${r2(PLOT_X0 + PLOT_W / 2)}" y="${svgH - 8}" text-anchor="middle">` +
      `op step (${steps} steps; hover a step for its op)</text>`,
  ];
}
