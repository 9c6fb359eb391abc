/**
 * A memory plan as a picture: one self-contained HTML file (inline CSS and inline SVG, no scripts, fonts or
 * network) that draws every arena buffer as a rectangle over op steps (x) and arena offsets (y, 0 at the
 * bottom), with the peak step, the arena size and the lower bounds marked, and a summary with the tensors live
 * at the peak.
 *
 * The page (./renderPlanHtml.ts) is assembled from one function per section: the summary (./summary.ts), the
 * chart (./chart.ts: legend, axes, peak marker, buffer rectangles, bound lines), the table of what is live at
 * the peak (./peakTable.ts) and the stylesheet (./style.ts).
 */
export { escapeHtml } from './escapeHtml';
export type { PlanReportInput } from './planReportInput';
export { renderPlanHtml } from './renderPlanHtml';
