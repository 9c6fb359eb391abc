/** Shape arithmetic shared by the op table, the planner and the kernels' references. */

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Normalises a possibly negative axis for a tensor of rank `rank`. */
export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Output length of a windowed op along one axis given explicit padding. */
export function windowOut(inLen: number, k: number, stride: number, dil: number, padBefore: number, padAfter: number): number {
  const eff = (k - 1) * dil + 1;
  return Math.floor((inLen + padBefore + padAfter - eff) / stride) + 1;
}

/**
 * TF 'same'/'valid' padding for one axis: returns [before, after] (TF puts the odd cell after).
 */
export function tfPadding(mode: 'same' | 'valid', inLen: number, k: number, stride: number, dil: number): [number, number] {
  if (mode === 'valid') return [0, 0];
  const eff = (k - 1) * dil + 1;
  const out = Math.ceil(inLen / stride);
  const total = Math.max((out - 1) * stride + eff - inLen, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** True when `s`, right-aligned against `out`, is leading 1s followed by `out`'s trailing dims. */
function isTrailingBlock(s: number[], out: number[]): boolean {
  const pad = [...new Array(Math.max(0, out.length - s.length)).fill(1), ...s];
  if (pad.length !== out.length) return false;
  let k = pad.findIndex((d) => d !== 1);
  if (k < 0) k = pad.length;
  return pad.slice(k).every((d, i) => d === out[k + i]);
}

/**
 * NumPy-style broadcast of two shapes, restricted to what a flat `i % size` index can express: each operand
 * must be a trailing block of the result. Undefined when the shapes do not broadcast that way.
 */
export function broadcastShape(a: number[], b: number[]): number[] | undefined {
  const r = Math.max(a.length, b.length);
  const pa = [...new Array(r - a.length).fill(1), ...a];
  const pb = [...new Array(r - b.length).fill(1), ...b];
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    if (pa[i] !== pb[i] && pa[i] !== 1 && pb[i] !== 1) return undefined;
    out.push(Math.max(pa[i], pb[i]));
  }
  return isTrailingBlock(a, out) && isTrailingBlock(b, out) ? out : undefined;
}
