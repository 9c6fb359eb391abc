/** Axis tick steps and tick labels. */

/** Formatter for axis ticks `0, step, 2·step, …` up to `max`: one unit and as many decimals as the step needs. */
export function tickFormatter(max: number, step: number): (v: number) => string {
  const [unit, div] = max >= 1024 * 1024 ? ['MiB', 1024 * 1024] : max >= 1024 ? ['KiB', 1024] : ['B', 1];
  let d = 0;
  while (d < 3 && Math.abs(Math.round((step / div) * 10 ** d) - (step / div) * 10 ** d) > 1e-9) d++;
  return (v: number) => `${(v / div).toFixed(d)} ${unit}`;
}

/** Tick step for an axis of `max` units with about `target` ticks: 1, 2 or 5 × 10^k (at least `minStep`). */
export function niceStep(max: number, target: number, minStep = 1): number {
  const raw = Math.max(max / target, minStep);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return Math.max(m * p, minStep);
  return 10 * p;
}

/** Byte tick step: a power of two (memory sizes read best on 2^k grid lines), about `target` ticks up to `max`. */
export function byteTickStep(max: number, target: number): number {
  const raw = Math.max(max / target, 1);
  let s = 1;
  while (s < raw) s *= 2;
  // Prefer fewer, rounder ticks: allow up to ~1.6× the target count.
  if (max / (s / 2) <= target * 1.6 && s >= 2) s /= 2;
  return s;
}
