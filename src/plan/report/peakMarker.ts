/**
 * The peak step's marker: a band behind the buffers (with the op's name as a tooltip), and its outline with a
 * "peak" label again on top of them.
 */
import { ChartLayout, stepX } from './chartLayout';
import { escapeHtml } from './escapeHtml';
import { PLOT_H, r2 } from './geometry';
import { ReportContext } from './reportContext';

/** Left edge, width (at least 4 px) and drawn left edge (centred on the step) of the peak band. */
function peakBand(ctx: ReportContext, layout: ChartLayout): { peakX: number; peakW: number; peakXd: number } {
  const peakX = stepX(layout, ctx.peakStep);
  const peakW = Math.max(layout.pxPerStep, 4);
  const peakXd = r2(peakX + layout.pxPerStep / 2 - peakW / 2);
  return { peakX, peakW, peakXd };
}

/** The band drawn behind the buffers. */
export function renderPeakBand(ctx: ReportContext, layout: ChartLayout): string {
  const { peakStep, opName } = ctx;
  const { peakW, peakXd } = peakBand(ctx, layout);
  const peakTitle = `<title>peak step ${peakStep}: ${escapeHtml(opName(peakStep))}</title>`;
  return `<rect class="peakband" data-step="${peakStep}" x="${peakXd}" y="${layout.plotY0}" width="${r2(peakW)}" height="${PLOT_H}">${peakTitle}</rect>`;
}

/** The band's outline and the "peak" label, drawn over the buffers. */
export function renderPeakOutline(ctx: ReportContext, layout: ChartLayout): string {
  const { peakX, peakW, peakXd } = peakBand(ctx, layout);
  const { plotY0, pxPerStep } = layout;
  return (
    `<rect class="peakoutline" x="${peakXd}" y="${plotY0}" width="${r2(peakW)}" height="${PLOT_H}"/>` +
    `<text class="peaklabel" x="${r2(peakX + pxPerStep / 2)}" y="${plotY0 - 4}">peak</text>`
  );
}
