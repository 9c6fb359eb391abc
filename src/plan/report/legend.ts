/** The legend above the plot: buffer kinds, the peak step and the horizontal lines. */
import { ChartLayout } from './chartLayout';
import { ACT_PALETTE, SCRATCH_PALETTE } from './colours';
import { escapeHtml } from './escapeHtml';
import { human } from './format';
import { PLOT_X0 } from './geometry';
import { ReportContext } from './reportContext';

/** The legend as one SVG group, items laid out left to right. */
export function renderLegend(ctx: ReportContext, layout: ChartLayout): string {
  const { plainLowerBoundBytes, tflmGreedyBytes } = ctx.input;
  const items: string[] = [];
  let lx = PLOT_X0;
  const ly = 16;
  const swatch = (fill: string, extra = ''): string =>
    `<rect x="${lx}" y="${ly - 9}" width="16" height="12" fill="${fill}" stroke="#333" stroke-width="0.6"${extra}/>`;
  const line = (cls: string): string => `<line class="${cls}" x1="${lx}" y1="${ly - 3}" x2="${lx + 22}" y2="${ly - 3}"/>`;
  const text = (t: string, dx: number): string => {
    const s = `<text class="legend" x="${lx + dx}" y="${ly + 1}">${escapeHtml(t)}</text>`;
    lx += dx + t.length * 6.4 + 18;
    return s;
  };
  items.push(swatch(ACT_PALETTE[0]) + `<rect x="${lx + 6}" y="${ly - 9}" width="10" height="12" fill="${ACT_PALETTE[2]}"/>`);
  items.push(text('activation buffer', 22));
  items.push(swatch(SCRATCH_PALETTE[0]) + swatch('url(#hatch)', ' stroke-width="0"'));
  items.push(text('scratch buffer', 22));
  items.push(`<rect class="peakswatch" x="${lx}" y="${ly - 10}" width="14" height="14"/>`);
  items.push(text(`peak step ${ctx.peakStep}`, 20));
  items.push(line('ln-arena'));
  items.push(text('arena', 28));
  items.push(line('ln-lb'));
  items.push(text('lower bound', 28));
  if (plainLowerBoundBytes !== undefined) {
    items.push(line('ln-plainlb'));
    items.push(text('plain lower bound', 28));
  }
  if (tflmGreedyBytes !== undefined) {
    items.push(line('ln-tflm'));
    items.push(text(layout.tflmOnChart ? 'TFLM greedy' : `TFLM greedy (${human(tflmGreedyBytes)}, above the chart)`, 28));
  }
  return `<g class="legendbox">${items.join('')}</g>`;
}
