/** The page's inline stylesheet (the report loads no files: no fonts, scripts or network). */

/** CSS of the page and the SVG chart. */
export const PLAN_CSS = `body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2430; margin: 18px 24px; background: #fff; }
h1 { font-size: 20px; margin: 0 0 2px; }
.meta { margin: 0 0 10px; color: #4a5561; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; }
.card { border: 1px solid #d8dde3; border-radius: 6px; padding: 6px 12px; min-width: 130px; background: #f8f9fb; }
.card.main { border-color: #222; background: #fff; }
.card.wide { min-width: 260px; }
.card .k { font-size: 12px; color: #55606c; text-transform: uppercase; letter-spacing: 0.04em; }
.card .v { font-size: 19px; font-weight: 650; }
.card .s { font-size: 12px; color: #4a5561; font-variant-numeric: tabular-nums; }
.note { margin: 4px 0; color: #4a5561; font-size: 13px; }
h2 { font-size: 16px; margin: 22px 0 8px; }
table { border-collapse: collapse; }
table.live th, table.live td { border-bottom: 1px solid #e3e6ea; padding: 3px 12px 3px 0; text-align: left; }
table.live td.num, table.live th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.live tr.scratch td:first-child { font-style: italic; }
.sw { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 1px solid #555; vertical-align: -1px; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.figure { overflow-x: auto; }
svg { max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg .plotbg { fill: #fafbfc; }
svg .plotframe { fill: none; stroke: #9aa3ad; stroke-width: 1; }
svg .axis { stroke: #333; stroke-width: 1.2; }
svg .grid { stroke: #e4e7eb; stroke-width: 1; }
svg .tick { stroke: #555; stroke-width: 1; }
svg .ytick { font-size: 11px; text-anchor: end; fill: #333; }
svg .xtick { font-size: 11px; text-anchor: middle; fill: #333; }
svg .xop { font-size: 10px; fill: #333; text-anchor: end; }
svg .axistitle { font-size: 12px; fill: #222; font-weight: 600; text-anchor: middle; }
svg .legend { font-size: 12px; fill: #222; }
svg .stepstrip { fill: transparent; }
svg .stepstrip:hover { fill: rgba(0,0,0,0.08); }
svg rect.buf { stroke: rgba(20,30,40,0.55); stroke-width: 0.6; fill-opacity: 0.9; }
svg rect.buf.scratch { stroke-dasharray: 3 2; }
svg rect.buf:hover { stroke: #000; stroke-width: 2; fill-opacity: 1; }
svg rect.hatch { pointer-events: none; }
svg .buflabel { font-size: 10.5px; fill: #10161d; pointer-events: none; }
svg .bufsize { font-size: 9.5px; fill: #2a333d; pointer-events: none; }
svg .peakband, svg .peakswatch { fill: rgba(220,40,40,0.10); stroke: #d22; stroke-width: 1.2; stroke-dasharray: 5 3; }
svg .peakoutline { fill: none; stroke: #d22; stroke-width: 1.4; stroke-dasharray: 5 3; pointer-events: none; }
svg .peaklabel { font-size: 11px; fill: #c11; text-anchor: middle; font-weight: 600; }
svg .hline { stroke-width: 1.6; }
svg .leader { stroke: #888; stroke-width: 0.8; }
svg .hlabel { font-size: 11.5px; font-weight: 600; }
svg .ln-arena { stroke: #111; stroke-width: 1.8; }
svg .ln-arena-t { fill: #111; }
svg .ln-lb { stroke: #1a8a3a; stroke-dasharray: 7 4; }
svg .ln-lb-t { fill: #1a7a33; }
svg .ln-plainlb { stroke: #6b7bb0; stroke-dasharray: 2 3; }
svg .ln-plainlb-t { fill: #4e5e95; }
svg .ln-tflm { stroke: #e07b00; stroke-dasharray: 9 3 2 3; }
svg .ln-tflm-t { fill: #b86400; }`;
