/**
 * The scales of the chart: bytes per pixel on the y axis (room for the arena, the bounds and, when it does
 * not squash the picture, TFLM's arena), pixels per step, and how the x axis labels its steps.
 */
import { MARGIN_TOP, PLOT_H, PLOT_W, PLOT_X0 } from './geometry';
import { ReportContext } from './reportContext';
import { byteTickStep } from './ticks';

/** The chart's scales and the sizes that depend on them. */
export interface ChartLayout {
  /** Whether TFLM's arena is drawn (else the legend says it is above the chart). */
  tflmOnChart: boolean;
  /** Byte tick step and the top of the y axis. */
  yTick: number;
  yMax: number;
  pxPerStep: number;
  pxPerByte: number;
  /** Pixel rows of the top of the plot and of offset 0. */
  plotY0: number;
  yBase: number;
  /** Op names on the x axis (else step numbers), across (else rotated), and their length in px. */
  showOpNames: boolean;
  opNamesAcross: boolean;
  opLabelPx: number;
  /** Height of the x axis band and of the whole SVG. */
  xAxisH: number;
  svgH: number;
}

/** Computes the {@link ChartLayout} of a report. */
export function chartLayout(ctx: ReportContext): ChartLayout {
  const { lowerBoundBytes, plainLowerBoundBytes, tflmGreedyBytes } = ctx.input;
  const { bufs, offsets, arena, steps, opName } = ctx;
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

  // x-axis labels: rotated op names when steps are wide enough, else step numbers every k-th step.
  const showOpNames = pxPerStep >= 13;
  let longest = 0;
  for (let s = 0; s < steps; s++) longest = Math.max(longest, `${s} ${opName(s)}`.length);
  const opLabelPx = Math.min(150, Math.ceil(longest * 6) + 4);
  // Op names read across when every one fits in its step's width, else vertically.
  const opNamesAcross = showOpNames && pxPerStep >= longest * 6 + 8;
  const xAxisH = opNamesAcross ? 44 : showOpNames ? opLabelPx + 30 : 44;
  const svgH = plotY0 + PLOT_H + xAxisH;
  return { tflmOnChart, yTick, yMax, pxPerStep, pxPerByte, plotY0, yBase, showOpNames, opNamesAcross, opLabelPx, xAxisH, svgH };
}

/** Pixel column of the left edge of `step`. */
export function stepX(layout: ChartLayout, step: number): number {
  return PLOT_X0 + step * layout.pxPerStep;
}

/** Pixel row of arena offset `byte`. */
export function byteY(layout: ChartLayout, byte: number): number {
  return layout.yBase - byte * layout.pxPerByte;
}
