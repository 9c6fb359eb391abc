/**
 * Requantization rounding modes shared by every int8 kernel (TypeScript reference and C, where the mode is a
 * compile-time macro of firmware/kernels/fixedpoint_s8.h):
 * - 'double' (default): TFLite's MultiplyByQuantizedMultiplier — SRDHM then RoundingDivideByPOT, what TFLite
 *   Micro and CMSIS-NN run by default;
 * - 'single': TFLite's TFLITE_SINGLE_ROUNDING variant, (x·M0 + 2^(30−shift)) >> (31−shift);
 * - 'shift': dynamic fixed point — every real multiplier is a power of two 2^k, applied as a pure shift:
 *   x·2^k for k ≥ 0, (x + 2^(−k−1)) >> −k (ties towards +∞) for k < 0. No multiplier at all, for cores
 *   without a fast multiplier (Cortex-M0+).
 *
 * A {@link QuantizedMultiplier} carries the mode's own encoding: for 'double'/'single' it is TFLite's
 * QuantizeMultiplier (single rounding saturates shifts > 30); for 'shift' it is { multiplier: 2^30, shift: k + 1 }
 * — the same value (2^30·2^(k+1−31) = 2^k) so the C call sites stay the same.
 */
import {
  QuantizedMultiplier,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  quantizeMultiplier,
} from './fixedPoint';

/** How an int32 accumulator is rescaled to the output scale. */
export type Rounding = 'double' | 'single' | 'shift';

/** Every rounding mode. */
export const ROUNDINGS: readonly Rounding[] = ['double', 'single', 'shift'];

/** Options shared by the requantizing int8 kernels. */
export interface RequantOptions {
  /** Default 'double' (TFLite's default). */
  rounding?: Rounding;
}

/** Exponent k when x = 2^k exactly (x > 0), else undefined. */
export function log2Exact(x: number): number | undefined {
  if (!(x > 0 && Number.isFinite(x))) return undefined;
  const k = Math.round(Math.log2(x));
  return 2 ** k === x ? k : undefined;
}

/**
 * The multiplier of a real rescale factor in a rounding mode.
 * @throws RangeError in 'shift' mode when `real` is not an exact power of two in [2^−62, 2^30]
 */
export function multiplierFor(real: number, rounding: Rounding = 'double'): QuantizedMultiplier {
  if (rounding !== 'shift') return quantizeMultiplier(real, { singleRounding: rounding === 'single' });
  const k = log2Exact(real);
  if (k === undefined || k < -62 || k > 30) {
    throw new RangeError(`dynamic fixed point needs power-of-two rescale factors, got ${real}`);
  }
  return { multiplier: 1 << 30, shift: k + 1 };
}

/**
 * Rescales an int32 by a quantized multiplier in a rounding mode; int32 wrap-around like the C.
 * In 'shift' mode the multiplier is ignored (it is 2^30 by construction) and k = shift − 1.
 */
export function requantize(x: number, m: QuantizedMultiplier, rounding: Rounding = 'double'): number {
  if (rounding === 'double') return multiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
  if (rounding === 'single') return multiplyByQuantizedMultiplierSingleRounding(x, m.multiplier, m.shift);
  const k = m.shift - 1;
  if (k >= 0) return Math.imul(x, 2 ** k) | 0;
  const r = -k;
  // floor((x + 2^(r−1)) / 2^r) without overflow: exact in double for |x| < 2^31 and r ≤ 62.
  return Math.floor((x + 2 ** (r - 1)) / 2 ** r) | 0;
}
