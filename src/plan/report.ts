/**
 * A memory plan as a picture: one self-contained HTML file (inline CSS and inline SVG, no scripts, fonts or
 * network) that draws every arena buffer as a rectangle over op steps (x) and arena offsets (y, 0 at the
 * bottom), with the peak step, the arena size and the lower bounds marked, and a summary with the tensors live
 * at the peak.
 */
import { Placement, PlacementProblem, PlanBuffer } from './problem';

/** What `renderPlanHtml` draws. */
export interface PlanReportInput {
  modelName: string;
  problem: PlacementProblem;
  placement: Placement;
  /** Op name per step (a tooltip on the x axis); missing entries read "step N". */
  opNames: string[];
  /** Liveness lower bound of this problem (with the memory-saving relaxations). */
  lowerBoundBytes: number;
  /** Lower bound without the relaxations (plain disjoint buffers), when known. */
  plainLowerBoundBytes?: number;
  /** Arena of TFLM's greedy planner for the same model, when known. */
  tflmGreedyBytes?: number;
  /** Step at which the lower bound is reached. */
  peakStep: number;
  /** Activation element type, e.g. "int8" or "float32". */
  elemType?: string;
}

/** Escapes a string for HTML text and (quoted) attribute values. */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => ESC[c]);
}
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** SVG geometry (px). The plot area is [PLOT_X0, PLOT_X0 + PLOT_W] × [plotY0, plotY0 + PLOT_H]. */
const SVG_W = 1200;
const MARGIN_LEFT = 84;
const MARGIN_RIGHT = 176;
const PLOT_X0 = MARGIN_LEFT;
const PLOT_W = SVG_W - MARGIN_LEFT - MARGIN_RIGHT;
const PLOT_H = 480;
const LEGEND_H = 34;
const MARGIN_TOP = LEGEND_H + 14;

/** Rounds a coordinate to 2 decimals (keeps large pictures small). */
function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** 12345 → "12,345" (locale-independent). */
function group(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Short human size: "512 B", "12.1 KiB", "1.50 MiB". */
function human(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  if (Math.abs(n) < 1024 * 1024) {
    const k = n / 1024;
    return `${k >= 100 ? k.toFixed(0) : k.toFixed(1)} KiB`;
  }
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

/** Formatter for axis ticks `0, step, 2·step, …` up to `max`: one unit and as many decimals as the step needs. */
function tickFormatter(max: number, step: number): (v: number) => string {
  const [unit, div] = max >= 1024 * 1024 ? ['MiB', 1024 * 1024] : max >= 1024 ? ['KiB', 1024] : ['B', 1];
  let d = 0;
  while (d < 3 && Math.abs(Math.round((step / div) * 10 ** d) - (step / div) * 10 ** d) > 1e-9) d++;
  return (v: number) => `${(v / div).toFixed(d)} ${unit}`;
}

/** "12,345 B (12.1 KiB)". */
function bytesText(n: number): string {
  return n < 1024 ? `${group(n)} B` : `${group(n)} B (${human(n)})`;
}

function ratio(a: number, b: number | undefined): string {
  return b !== undefined && b > 0 ? `${(a / b).toFixed(3)}×` : '—';
}

/** Tick step for an axis of `max` units with about `target` ticks: 1, 2 or 5 × 10^k (at least `minStep`). */
function niceStep(max: number, target: number, minStep = 1): number {
  const raw = Math.max(max / target, minStep);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return Math.max(m * p, minStep);
  return 10 * p;
}

/** Byte tick step: a power of two (memory sizes read best on 2^k grid lines), about `target` ticks up to `max`. */
function byteTickStep(max: number, target: number): number {
  const raw = Math.max(max / target, 1);
  let s = 1;
  while (s < raw) s *= 2;
  // Prefer fewer, rounder ticks: allow up to ~1.6× the target count.
  if (max / (s / 2) <= target * 1.6 && s >= 2) s /= 2;
  return s;
}

/** Truncates `text` to about `px` pixels at font size `fs` (with an ellipsis), or '' when too little fits. */
function fitText(text: string, px: number, fs: number): string {
  const charW = fs * 0.6;
  const n = Math.floor(px / charW);
  if (text.length <= n) return text;
  if (n < 4) return '';
  return text.slice(0, n - 1) + '…';
}

/** Fill colours: cool hues for activations, warm hues (and hatching) for scratch; neighbours get different ones. */
const ACT_PALETTE = [
  'hsl(205,70%,62%)',
  'hsl(160,52%,52%)',
  'hsl(265,48%,68%)',
  'hsl(188,62%,45%)',
  'hsl(230,58%,70%)',
  'hsl(140,42%,62%)',
  'hsl(290,40%,60%)',
  'hsl(175,45%,68%)',
  'hsl(215,45%,50%)',
  'hsl(250,60%,76%)',
];
const SCRATCH_PALETTE = ['hsl(28,90%,60%)', 'hsl(45,92%,55%)', 'hsl(14,85%,62%)', 'hsl(36,85%,72%)'];

/**
 * Chooses a palette index per buffer so that rectangles touching each other (in time and offset) differ:
 * greedy colouring in order of offset, taking the colour least used among already-coloured neighbours.
 */
function assignColours(bufs: PlanBuffer[], offsets: number[]): string[] {
  const order = bufs.map((b) => b.id).sort((a, b) => offsets[a] - offsets[b] || bufs[a].first - bufs[b].first || a - b);
  const choice = new Array<number>(bufs.length).fill(-1);
  const touches = (a: PlanBuffer, b: PlanBuffer): boolean =>
    a.first <= b.last + 1 &&
    b.first <= a.last + 1 &&
    offsets[a.id] <= offsets[b.id] + b.bytes &&
    offsets[b.id] <= offsets[a.id] + a.bytes;
  const out: string[] = new Array<string>(bufs.length);
  for (const i of order) {
    const b = bufs[i];
    const palette = b.kind === 'scratch' ? SCRATCH_PALETTE : ACT_PALETTE;
    const used = new Array<number>(palette.length).fill(0);
    for (const j of order) {
      if (choice[j] < 0 || bufs[j].kind !== b.kind || !touches(b, bufs[j])) continue;
      used[choice[j]]++;
    }
    // Least used; ties broken by a per-buffer rotation so equal-looking runs still vary.
    let best = -1;
    for (let k = 0; k < palette.length; k++) {
      const c = (k + i * 3) % palette.length;
      if (best < 0 || used[c] < used[best]) best = c;
    }
    choice[i] = best;
    out[i] = palette[best];
  }
  return out;
}

/**
 * The inline label of a buffer rectangle: horizontal when the label fits across, else vertical when the rect is
 * tall and narrow, else truncated; with the size on a second line when there is room; '' when nothing fits.
 */
function bufferLabel(label: string, size: string, x: number, y: number, w: number, h: number): string {
  const FS = 10.5;
  const cw = FS * 0.6;
  const minChars = Math.min(label.length, 10);
  // Characters that fit across and along the rectangle (the other dimension must hold one line of text).
  const across = h >= 12 ? fitText(label, w - 6, FS) : '';
  const along = w >= 13 ? fitText(label, h - 6, FS) : '';
  if (across.length >= minChars && across.length >= along.length) {
    const two = h >= 26 && w - 6 >= size.length * 9.5 * 0.6;
    const cy = y + h / 2 + (two ? -2 : 3.5);
    let out = `<text class="buflabel" x="${r2(x + 3)}" y="${r2(cy)}">${escapeHtml(across)}</text>`;
    if (two) out += `<text class="bufsize" x="${r2(x + 3)}" y="${r2(cy + 11)}">${escapeHtml(size)}</text>`;
    return out;
  }
  if (along.length >= minChars) {
    const two = w >= 26 && h - 6 >= (along.length + size.length + 2) * cw;
    const tx = x + w / 2 + (two ? -2 : 3.5);
    const head = `<text class="buflabel" transform="translate(${r2(tx)},${r2(y + h - 3)}) rotate(-90)">${escapeHtml(along)}`;
    return head + (two ? `<tspan class="bufsize" dx="6">${escapeHtml(size)}</tspan>` : '') + '</text>';
  }
  return '';
}

/** Renders the placement as a self-contained HTML page. */
export function renderPlanHtml(input: PlanReportInput): string {
  const { modelName, problem, placement, opNames, lowerBoundBytes, plainLowerBoundBytes, tflmGreedyBytes, elemType } =
    input;
  const bufs = problem.buffers;
  if (placement.offsets.length !== bufs.length) {
    throw new Error(`renderPlanHtml: ${placement.offsets.length} offsets for ${bufs.length} buffers`);
  }
  const steps = Math.max(1, problem.steps);
  const peakStep = Math.min(Math.max(0, Math.floor(input.peakStep)), steps - 1);
  const offsets = placement.offsets;
  const arena = placement.arenaBytes;
  const opName = (s: number): string => opNames[s] ?? `step ${s}`;

  // ---- scales ----
  let topByte = Math.max(1, arena, lowerBoundBytes, plainLowerBoundBytes ?? 0);
  for (const b of bufs) topByte = Math.max(topByte, offsets[b.id] + b.bytes);
  // TFLM's arena is drawn when it does not squash the picture; otherwise the legend says it is off the chart.
  const tflmOnChart = tflmGreedyBytes !== undefined && tflmGreedyBytes <= topByte * 1.6;
  if (tflmOnChart) topByte = Math.max(topByte, tflmGreedyBytes!);
  const yTick = byteTickStep(topByte * 1.04, 8);
  const yMax = Math.ceil((topByte * 1.04) / yTick) * yTick;
  const pxPerStep = PLOT_W / steps;
  const pxPerByte = PLOT_H / yMax;
  const plotY0 = MARGIN_TOP;
  const yBase = plotY0 + PLOT_H; // pixel row of offset 0
  const X = (step: number): number => PLOT_X0 + step * pxPerStep;
  const Y = (byte: number): number => yBase - byte * pxPerByte;

  // x-axis labels: rotated op names when steps are wide enough, else step numbers every k-th step.
  const showOpNames = pxPerStep >= 13;
  let longest = 0;
  for (let s = 0; s < steps; s++) longest = Math.max(longest, `${s} ${opName(s)}`.length);
  const opLabelPx = Math.min(150, Math.ceil(longest * 6) + 4);
  // Op names read across when every one fits in its step's width, else vertically.
  const opNamesAcross = showOpNames && pxPerStep >= longest * 6 + 8;
  const xAxisH = opNamesAcross ? 44 : showOpNames ? opLabelPx + 30 : 44;
  const svgH = plotY0 + PLOT_H + xAxisH;

  const svg: string[] = [];
  svg.push(
    `<svg id="plan" width="${SVG_W}" height="${svgH}" viewBox="0 0 ${SVG_W} ${svgH}"` +
      ` data-x0="${PLOT_X0}" data-px-per-step="${pxPerStep}" data-y0="${yBase}" data-px-per-byte="${pxPerByte}"` +
      ` data-steps="${steps}" data-ymax="${yMax}" role="img" aria-label="arena placement of ${escapeHtml(modelName)}">`,
  );
  svg.push(
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<line x1="0" y1="0" x2="0" y2="6" stroke="rgba(120,40,0,0.35)" stroke-width="2"/></pattern>' +
      `<clipPath id="plotclip"><rect x="${PLOT_X0}" y="${plotY0}" width="${PLOT_W}" height="${PLOT_H}"/></clipPath></defs>`,
  );

  // ---- legend ----
  {
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
    items.push(text(`peak step ${peakStep}`, 20));
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
      items.push(text(tflmOnChart ? 'TFLM greedy' : `TFLM greedy (${human(tflmGreedyBytes)}, above the chart)`, 28));
    }
    svg.push(`<g class="legendbox">${items.join('')}</g>`);
  }

  // ---- plot background, grid and y axis ----
  svg.push(`<rect class="plotbg" x="${PLOT_X0}" y="${plotY0}" width="${PLOT_W}" height="${PLOT_H}"/>`);
  const yTicks: string[] = [];
  const yFmt = tickFormatter(yMax, yTick);
  for (let v = 0; v <= yMax; v += yTick) {
    const y = r2(Y(v));
    yTicks.push(`<line class="grid" x1="${PLOT_X0}" y1="${y}" x2="${PLOT_X0 + PLOT_W}" y2="${y}"/>`);
    yTicks.push(`<line class="tick" x1="${PLOT_X0 - 5}" y1="${y}" x2="${PLOT_X0}" y2="${y}"/>`);
    yTicks.push(`<text class="ytick" x="${PLOT_X0 - 8}" y="${r2(y + 4)}">${escapeHtml(yFmt(v))}</text>`);
  }
  svg.push(`<g class="yaxis">${yTicks.join('')}</g>`);
  svg.push(
    `<text class="axistitle" transform="translate(16,${r2(plotY0 + PLOT_H / 2)}) rotate(-90)">` +
      `arena offset (bytes, 0 at the bottom)</text>`,
  );

  // ---- x axis: step ticks, op-name tooltips ----
  const xTick = niceStep(steps, Math.max(2, Math.floor(PLOT_W / 48)));
  const xs: string[] = [];
  for (let s = 0; s < steps; s++) {
    const x0 = r2(X(s));
    const w = r2(Math.max(pxPerStep, 0.5));
    // Hover strip under the axis: every step's op name.
    xs.push(
      `<rect class="stepstrip" x="${x0}" y="${yBase}" width="${w}" height="${showOpNames && !opNamesAcross ? xAxisH - 16 : 22}">` +
        `<title>step ${s}: ${escapeHtml(opName(s))}</title></rect>`,
    );
    const xc = r2(X(s + 0.5));
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
  svg.push(`<g class="xaxis">${xs.join('')}</g>`);
  svg.push(
    `<text class="axistitle" x="${r2(PLOT_X0 + PLOT_W / 2)}" y="${svgH - 8}" text-anchor="middle">` +
      `op step (${steps} steps; hover a step for its op)</text>`,
  );

  // ---- peak band (behind the buffers, and its outline again on top) ----
  const peakX = X(peakStep);
  const peakW = Math.max(pxPerStep, 4);
  const peakXd = r2(peakX + pxPerStep / 2 - peakW / 2);
  const peakTitle = `<title>peak step ${peakStep}: ${escapeHtml(opName(peakStep))}</title>`;
  svg.push(
    `<rect class="peakband" data-step="${peakStep}" x="${peakXd}" y="${plotY0}" width="${r2(peakW)}" height="${PLOT_H}">${peakTitle}</rect>`,
  );

  // ---- buffers ----
  const colours = assignColours(bufs, offsets);
  const rects: string[] = [];
  const labels: string[] = [];
  for (const b of bufs) {
    const off = offsets[b.id];
    const x = X(b.first);
    const w = Math.max(1, (b.last + 1 - b.first) * pxPerStep);
    const h = Math.max(1, b.bytes * pxPerByte);
    const y = Y(off + b.bytes);
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
  svg.push(`<g class="bufs" clip-path="url(#plotclip)">${rects.join('')}</g>`);
  svg.push(
    `<rect class="peakoutline" x="${peakXd}" y="${plotY0}" width="${r2(peakW)}" height="${PLOT_H}"/>` +
      `<text class="peaklabel" x="${r2(peakX + pxPerStep / 2)}" y="${plotY0 - 4}">peak</text>`,
  );
  svg.push(`<g class="labels" clip-path="url(#plotclip)">${labels.join('')}</g>`);

  // ---- horizontal lines, labelled in the right margin (nudged apart when close) ----
  const hlines: { cls: string; name: string; bytes: number }[] = [{ cls: 'ln-arena', name: 'arena', bytes: arena }];
  hlines.push({ cls: 'ln-lb', name: 'lower bound', bytes: lowerBoundBytes });
  if (plainLowerBoundBytes !== undefined) hlines.push({ cls: 'ln-plainlb', name: 'plain LB', bytes: plainLowerBoundBytes });
  if (tflmGreedyBytes !== undefined && tflmOnChart) hlines.push({ cls: 'ln-tflm', name: 'TFLM greedy', bytes: tflmGreedyBytes });
  const placed = hlines.map((l) => ({ ...l, y: Y(l.bytes), ly: Y(l.bytes) + 4 })).sort((a, b) => a.y - b.y);
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
  svg.push(`<g class="hlines">${hl.join('')}</g>`);
  svg.push(
    `<rect class="plotframe" x="${PLOT_X0}" y="${plotY0}" width="${PLOT_W}" height="${PLOT_H}"/>` +
      `<line class="axis" x1="${PLOT_X0}" y1="${yBase}" x2="${PLOT_X0 + PLOT_W}" y2="${yBase}"/>`,
  );
  svg.push('</svg>');

  // ---- summary ----
  const live = bufs.filter((b) => b.first <= peakStep && peakStep <= b.last).sort((a, b) => offsets[b.id] - offsets[a.id]);
  const liveBytes = live.reduce((s, b) => s + b.bytes, 0);
  const card = (id: string, k: string, v: string, sub = '', cls = ''): string =>
    `<div class="card${cls ? ' ' + cls : ''}" id="${id}"><div class="k">${escapeHtml(k)}</div><div class="v">${v}</div>` +
    (sub ? `<div class="s">${sub}</div>` : '') +
    '</div>';
  const exact = (n: number): string => `${group(n)} B`;
  const cards: string[] = [];
  cards.push(card('sum-arena', 'Arena', escapeHtml(human(arena)), escapeHtml(exact(arena)), 'main'));
  cards.push(
    card(
      'sum-lb',
      'Lower bound',
      escapeHtml(human(lowerBoundBytes)),
      `${escapeHtml(exact(lowerBoundBytes))} · <span id="sum-ratio-lb">arena/LB <b>${ratio(arena, lowerBoundBytes)}</b></span>`,
    ),
  );
  if (plainLowerBoundBytes !== undefined) {
    cards.push(
      card('sum-plainlb', 'Plain lower bound', escapeHtml(human(plainLowerBoundBytes)), `${escapeHtml(exact(plainLowerBoundBytes))} · no in-place / views`),
    );
  }
  cards.push(
    card(
      'sum-tflm',
      'TFLM greedy',
      tflmGreedyBytes !== undefined ? escapeHtml(human(tflmGreedyBytes)) : '—',
      `${tflmGreedyBytes !== undefined ? escapeHtml(exact(tflmGreedyBytes)) + ' · ' : ''}<span id="sum-ratio-tflm">arena/TFLM <b>${ratio(arena, tflmGreedyBytes)}</b></span>`,
    ),
  );
  cards.push(
    card(
      'sum-peak',
      'Peak op',
      `step ${peakStep}: <code>${escapeHtml(opName(peakStep))}</code>`,
      `${live.length} buffers live · ${escapeHtml(exact(liveBytes))}`,
      'wide',
    ),
  );
  const meta =
    `<span id="sum-model">model <b>${escapeHtml(modelName)}</b></span>` +
    (elemType !== undefined ? ` · <span id="sum-elem">activations <b>${escapeHtml(elemType)}</b></span>` : '') +
    ` · <span id="sum-plan">${bufs.length} buffers over ${problem.steps} steps, align ${problem.align} B, ` +
    `placed by <b>${escapeHtml(placement.algorithm)}</b></span>`;

  const peakRows = live
    .map(
      (b) =>
        `<tr class="${b.kind}"><td><span class="sw" style="background:${colours[b.id]}"></span>${escapeHtml(b.label)}</td>` +
        `<td>${b.kind}</td><td class="num">${group(b.bytes)}</td><td class="num">${group(offsets[b.id])}</td>` +
        `<td class="num">${group(offsets[b.id] + b.bytes)}</td><td class="num">${b.first}–${b.last}</td></tr>`,
    )
    .join('\n');

  const title = `tinyfit arena plan — ${modelName}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2430; margin: 18px 24px; background: #fff; }
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
svg .ln-tflm-t { fill: #b86400; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta}</p>
<div class="cards">
${cards.join('\n')}
</div>
<p class="note">Each rectangle is one arena buffer: it spans the op steps where the buffer is live (x) and its bytes at its offset (y, offset 0 at the bottom). Hover a rectangle or a step for details.</p>
<div class="figure">
${svg.join('\n')}
</div>
<h2>Live at the peak (step ${peakStep}: <code>${escapeHtml(opName(peakStep))}</code>)</h2>
<table class="live">
<thead><tr><th>name</th><th>kind</th><th class="num">bytes</th><th class="num">offset</th><th class="num">end</th><th class="num">steps</th></tr></thead>
<tbody>
${peakRows}
</tbody>
</table>
</body>
</html>
`;
}
