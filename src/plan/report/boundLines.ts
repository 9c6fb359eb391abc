/** The horizontal lines of the arena, the lower bounds and TFLM's arena, labelled in the right margin. */
import { ChartLayout, byteY } from './chartLayout';
import { escapeHtml } from './escapeHtml';
import { bytesText, human } from './format';
import { PLOT_W, PLOT_X0, r2 } from './geometry';
import { ReportContext } from './reportContext';

/** The lines as one SVG group; labels that would overlap are nudged apart downwards. */
export function renderBoundLines(ctx: ReportContext, layout: ChartLayout): string {
  const { lowerBoundBytes, plainLowerBoundBytes, tflmGreedyBytes } = ctx.input;
  const hlines: { cls: string; name: string; bytes: number }[] = [{ cls: 'ln-arena', name: 'arena', bytes: ctx.arena }];
  hlines.push({ cls: 'ln-lb', name: 'lower bound', bytes: lowerBoundBytes });
  if (plainLowerBoundBytes !== undefined) hlines.push({ cls: 'ln-plainlb', name: 'plain LB', bytes: plainLowerBoundBytes });
  if (tflmGreedyBytes !== undefined && layout.tflmOnChart) hlines.push({ cls: 'ln-tflm', name: 'TFLM greedy', bytes: tflmGreedyBytes });
  const placed = hlines.map((l) => ({ ...l, y: byteY(layout, l.bytes), ly: byteY(layout, l.bytes) + 4 })).sort((a, b) => a.y - b.y);
  for (let i = 1; i < placed.length; i++) placed[i].ly = Math.max(placed[i].ly, placed[i - 1].ly + 13);
  const hl: string[] = [];
  const drawOrder = ['ln-tflm', 'ln-plainlb', 'ln-arena', 'ln-lb'];
  for (const l of [...placed].sort((a, b) => drawOrder.indexOf(a.cls) - drawOrder.indexOf(b.cls))) {
    const y = r2(l.y);
    hl.push(
      `<line class="hline ${l.cls}" data-bytes="${l.bytes}" x1="${PLOT_X0}" y1="${y}" x2="${PLOT_X0 + PLOT_W + 6}" y2="${y}">` +
        `<title>${escapeHtml(`${l.name}: ${bytesText(l.bytes)}`)}</title></line>`,
    );
    hl.push(
      `<line class="leader" x1="${PLOT_X0 + PLOT_W + 6}" y1="${y}" x2="${PLOT_X0 + PLOT_W + 12}" y2="${r2(l.ly - 4)}"/>` +
        `<text class="hlabel ${l.cls}-t" x="${PLOT_X0 + PLOT_W + 14}" y="${r2(l.ly)}">${escapeHtml(`${l.name} ${human(l.bytes)}`)}</text>`,
    );
  }
  return `<g class="hlines">${hl.join('')}</g>`;
}
