/**
 * Small helpers shared by the float reference ops (not an op themselves).
 */
import { FusedClamp } from '../../ir/types';
import { normAxis } from '../../ir/shapes';

/** Number of elements of a shape. */
export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Applies a fused clamp exactly like the C kernels: `y < min ? min : (y > max ? max : y)`
 * (so NaN passes through unchanged).
 */
export function clampValue(y: number, c: FusedClamp): number {
  return y < c.min ? c.min : y > c.max ? c.max : y;
}

/**
 * Splits a shape around `axis` into `[outer, n, inner]` (product of the axes before it, its length,
 * product of the axes after it). `axis` may be negative. Throws when it is out of range.
 */
export function splitAxis(shape: readonly number[], axis: number): [number, number, number] {
  const ax = normAxis(axis, shape.length);
  if (ax < 0 || ax >= shape.length) throw new Error(`internal: axis ${axis} out of range for shape [${shape}]`);
  return [size(shape.slice(0, ax)), shape[ax], size(shape.slice(ax + 1))];
}

/** Throws an internal error when a buffer does not hold `numel(shape)` elements. */
export function checkLength(what: string, data: ArrayLike<number>, shape: readonly number[]): void {
  const n = size(shape);
  if (data.length !== n) throw new Error(`internal: ${what} has ${data.length} elements, shape [${shape}] needs ${n}`);
}
