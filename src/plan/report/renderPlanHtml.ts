/** The report page: head with the stylesheet, summary, the chart, and the table of what is live at the peak. */
import { renderChart } from './chart';
import { chartLayout } from './chartLayout';
import { assignColours } from './colours';
import { escapeHtml } from './escapeHtml';
import { buffersLiveAtPeak, renderPeakTable } from './peakTable';
import { PlanReportInput } from './planReportInput';
import { reportContext } from './reportContext';
import { PLAN_CSS } from './style';
import { renderMeta, renderSummaryCards } from './summary';

/** Renders the placement as a self-contained HTML page. */
export function renderPlanHtml(input: PlanReportInput): string {
  const bufs = input.problem.buffers;
  if (input.placement.offsets.length !== bufs.length) {
    throw new Error(`renderPlanHtml: ${input.placement.offsets.length} offsets for ${bufs.length} buffers`);
  }
  const ctx = reportContext(input);
  const layout = chartLayout(ctx);
  const colours = assignColours(bufs, ctx.offsets);
  const live = buffersLiveAtPeak(ctx);
  const title = `tinyfit arena plan — ${input.modelName}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${PLAN_CSS}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${renderMeta(ctx)}</p>
<div class="cards">
${renderSummaryCards(ctx, live).join('\n')}
</div>
<p class="note">Each rectangle is one arena buffer: it spans the op steps where the buffer is live (x) and its bytes at its offset (y, offset 0 at the bottom). Hover a rectangle or a step for details.</p>
<div class="figure">
${renderChart(ctx, layout, colours)}
</div>
${renderPeakTable(ctx, live, colours)}
</body>
</html>
`;
}
