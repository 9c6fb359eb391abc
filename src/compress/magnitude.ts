/**
 * Magnitude masks: which weights of one tensor to keep when a given fraction must be zeroed.
 */
import type * as TF from '@tensorflow/tfjs';
import { weightName } from './masks';

/**
 * A 0/1 mask that zeroes the `round(sparsity · n)` weights of smallest magnitude (ties broken by index, so
 * the mask is deterministic) and keeps the rest.
 */
export function magnitudeMask(values: ArrayLike<number>, sparsity: number): Float32Array {
  const n = values.length;
  const k = Math.min(n, Math.max(0, Math.round(sparsity * n)));
  const mask = new Float32Array(n).fill(1);
  if (k === 0) return mask;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const mag = Float32Array.from(values, Math.abs);
  order.sort((a, b) => mag[a] - mag[b] || a - b);
  for (let i = 0; i < k; i++) mask[order[i]] = 0;
  return mask;
}

/**
 * The weights pruning applies to: kernels of Dense, Conv2D and DepthwiseConv2D layers (names ending in
 * `kernel`); biases and batch-norm parameters are few and sensitive, so they are never pruned.
 */
export function prunableWeights(model: TF.LayersModel): string[] {
  return model.trainableWeights.map(weightName).filter((n) => /(^|\/)(kernel|depthwise_kernel)$/.test(n));
}
