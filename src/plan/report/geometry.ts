/** Fixed SVG geometry of the chart (px) and coordinate rounding. */

/** SVG geometry (px). The plot area is [PLOT_X0, PLOT_X0 + PLOT_W] × [plotY0, plotY0 + PLOT_H]. */
export const SVG_W = 1200;
const MARGIN_LEFT = 84;
const MARGIN_RIGHT = 176;
export const PLOT_X0 = MARGIN_LEFT;
export const PLOT_W = SVG_W - MARGIN_LEFT - MARGIN_RIGHT;
export const PLOT_H = 480;
const LEGEND_H = 34;
export const MARGIN_TOP = LEGEND_H + 14;

/** Rounds a coordinate to 2 decimals (keeps large pictures small). */
export function r2(v: number): number {
  return Math.round(v * 100) / 100;
}
