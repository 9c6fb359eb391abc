/** The buffers: one rectangle per buffer over its steps and bytes, with a tooltip and an inline label. */
import { bufferLabel } from './bufferLabel';
import { ChartLayout, byteY, stepX } from './chartLayout';
import { escapeHtml } from './escapeHtml';
import { bytesText, group, human } from './format';
import { r2 } from './geometry';
import { ReportContext } from './reportContext';

/**
 * The buffer rectangles (scratch ones hatched) and their labels, as two SVG groups clipped to the plot: the
 * labels are drawn later, above the peak outline.
 */
export function renderBufferRects(ctx: ReportContext, layout: ChartLayout, colours: string[]): { rects: string; labels: string } {
  const { bufs, offsets, opName } = ctx;
  const { pxPerStep, pxPerByte } = layout;
  const rects: string[] = [];
  const labels: string[] = [];
  for (const b of bufs) {
    const off = offsets[b.id];
    const x = stepX(layout, b.first);
    const w = Math.max(1, (b.last + 1 - b.first) * pxPerStep);
    const h = Math.max(1, b.bytes * pxPerByte);
    const y = byteY(layout, off + b.bytes);
    const stepsText =
      b.first === b.last
        ? `step ${b.first} (${opName(b.first)})`
        : `steps ${b.first}–${b.last} (${opName(b.first)} → ${opName(b.last)})`;
    const tip = `${b.label}\n${b.kind}, ${bytesText(b.bytes)}\n${stepsText}\noffset ${group(off)} – ${group(off + b.bytes)}`;
    rects.push(
      `<rect class="buf ${b.kind}" data-id="${b.id}" x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}"` +
        ` fill="${colours[b.id]}"><title>${escapeHtml(tip)}</title></rect>`,
    );
    if (b.kind === 'scratch') {
      rects.push(`<rect class="hatch" x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}" fill="url(#hatch)"/>`);
    }
    labels.push(bufferLabel(b.label, human(b.bytes), x, y, w, h));
  }
  return {
    rects: `<g class="bufs" clip-path="url(#plotclip)">${rects.join('')}</g>`,
    labels: `<g class="labels" clip-path="url(#plotclip)">${labels.join('')}</g>`,
  };
}
