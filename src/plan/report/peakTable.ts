/** The table of the buffers live at the peak step, below the chart. */
import { PlanBuffer } from '../problem';
import { escapeHtml } from './escapeHtml';
import { group } from './format';
import { ReportContext } from './reportContext';

/** The buffers live at the peak step, highest offset first. */
export function buffersLiveAtPeak(ctx: ReportContext): PlanBuffer[] {
  const { bufs, offsets, peakStep } = ctx;
  return bufs.filter((b) => b.first <= peakStep && peakStep <= b.last).sort((a, b) => offsets[b.id] - offsets[a.id]);
}

/** The heading and the table of `live` (name with its colour swatch, kind, bytes, offset, end, steps). */
export function renderPeakTable(ctx: ReportContext, live: PlanBuffer[], colours: string[]): string {
  const { offsets, peakStep, opName } = ctx;
  const peakRows = live
    .map(
      (b) =>
        `<tr class="${b.kind}"><td><span class="sw" style="background:${colours[b.id]}"></span>${escapeHtml(b.label)}</td>` +
        `<td>${b.kind}</td><td class="num">${group(b.bytes)}</td><td class="num">${group(offsets[b.id])}</td>` +
        `<td class="num">${group(offsets[b.id] + b.bytes)}</td><td class="num">${b.first}–${b.last}</td></tr>`,
    )
    .join('\n');
  return `<h2>Live at the peak (step ${peakStep}: <code>${escapeHtml(opName(peakStep))}</code>)</h2>
<table class="live">
<thead><tr><th>name</th><th>kind</th><th class="num">bytes</th><th class="num">offset</th><th class="num">end</th><th class="num">steps</th></tr></thead>
<tbody>
${peakRows}
</tbody>
</table>`;
}
