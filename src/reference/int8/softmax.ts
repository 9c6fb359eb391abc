/**
 * Int8 SOFTMAX with TensorFlow Lite Micro's integer arithmetic, bit-exact (firmware/kernels/softmax_s8.c is
 * its C twin). TFLM's int8 → int8 softmax is the gemmlowp-based reference_ops::Softmax<int8_t, int8_t>
 * (the exp/LUT variants of TFLite serve int16 and TFLite's optimized kernels, not TFLM's int8 path).
 */
import { QuantParams } from '../../ir/types';
import { INT32_MAX, quantizeMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../../arith/fixedPoint';
import { calculateInputRadius, expOnNegativeValues, getReciprocal, multiplyByQuantizedMultiplierGreaterThanOne } from '../../arith/gemmlowp';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';
import { Int8Kernel } from '../kernel';
import { splitAxis } from '../float/common';

/** TFLM's fixed int8 softmax output parameters: scale 1/256, zero point −128 (checked in SoftmaxPrepare). */
export const SOFTMAX_OUT_QUANT: QuantParams = { scale: [1 / 256], zeroPoint: [-128] };

/** The scaled input difference is Q5.26 (kScaledDiffIntegerBits), the sum of exps Q12.19 (kAccumulationIntegerBits). */
const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

/** Prepare-time integers of an int8 softmax (TFLM's SoftmaxParams fields of the same names). */
export interface SoftmaxParams {
  inputMultiplier: number;
  inputLeftShift: number;
  /** Differences q − max(q) below this contribute exp = 0 and output −128. */
  diffMin: number;
}

/**
 * TFLM's CalculateSoftmaxParams for int8: PreprocessSoftmaxScaling(beta, s_in, 5) — real = min(beta · s_in ·
 * 2^26, 2^31 − 1) in double (the product of two float32 is exact), QuantizeMultiplierGreaterThanOne(real) —
 * and diff_min = −CalculateInputRadius(5, left_shift) = −floor(31 · 2^26 / 2^left_shift).
 * This is the default (not TFLITE_SINGLE_ROUNDING) build, whose cap is 2^31 − 1.
 * @throws RangeError when beta · s_in · 2^26 ≤ 1 (TFLite's QuantizeMultiplierGreaterThanOne aborts), or on a
 *   non-finite scale or beta
 */
export function softmaxParams(inputScale: number, beta = 1): SoftmaxParams {
  const s = Math.fround(inputScale);
  const b = Math.fround(beta);
  if (!(Number.isFinite(s) && Number.isFinite(b))) throw new RangeError(`softmaxParams: scale ${inputScale} and beta ${beta} must be finite`);
  const real = Math.min(b * s * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
  if (!(real > 1)) {
    throw new RangeError(`softmaxParams: beta·scale·2^26 = ${real} must exceed 1 (TFLite's QuantizeMultiplierGreaterThanOne)`);
  }
  const { multiplier, shift } = quantizeMultiplier(real); // shift ∈ [1, 31] since real ∈ (1, 2^31)
  return { inputMultiplier: multiplier, inputLeftShift: shift, diffMin: 0 - calculateInputRadius(SCALED_DIFF_INTEGER_BITS, shift) };
}

/**
 * The softmax arithmetic on given prepare-time integers (reference_ops::Softmax<int8_t, int8_t>), over the middle
 * axis of x viewed as (outer, n, inner); each of the outer·inner rows (stride `inner`) independently:
 *
 *     diff = q − max(row);  skipped (exp 0, output −128) when diff < diffMin
 *     e    = exp_on_negative_values<Q5.26>(SRDHM(diff · 2^leftShift, multiplier))            (Q0.31)
 *     sum  = Σ RoundingDivideByPOT(e, 12)                                                     (Q12.19)
 *     (r, k) = GetReciprocal(sum, 12)                     (1/sum = r · 2^−k, r in Q0.31)
 *     out  = clamp(RoundingDivideByPOT(SRDHM(r, e), k + 23) − 128, −128, 127)
 *
 * @throws RangeError where TFLM aborts or overflows: a row whose sum of exps reaches 2^31 (in Q12.19) or makes
 *   the final shift exceed 31 (TFLITE_CHECK; needs a sum of exps ≥ 512, i.e. ≥ 512 elements near the row max)
 */
export function softmaxInt8WithParams(x: Int8Array, outer: number, n: number, inner: number, p: SoftmaxParams): Int8Array {
  checkShape(x, outer, n, inner);
  const out = new Int8Array(x.length);
  const exps = new Int32Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = INT8_MIN;
      for (let c = 0; c < n; c++) max = Math.max(max, x[base + c * inner]);
      let sum = 0;
      for (let c = 0; c < n; c++) {
        const diff = x[base + c * inner] - max;
        if (diff < p.diffMin) continue;
        const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
        exps[c] = expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS);
        sum += roundingDivideByPOT(exps[c], ACCUMULATION_INTEGER_BITS); // Rescale<12>: Q0.31 → Q12.19
      }
      if (sum > INT32_MAX) throw new RangeError(`softmaxInt8: the sum of exps of a row overflows int32 (TFLM overflows too)`);
      const { reciprocal, numBitsOverUnit } = getReciprocal(sum, ACCUMULATION_INTEGER_BITS);
      const exponent = numBitsOverUnit + 31 - 8;
      if (exponent > 31) throw new RangeError(`softmaxInt8: output shift ${exponent} > 31 (TFLM's TFLITE_CHECK fails)`);
      for (let c = 0; c < n; c++) {
        const diff = x[base + c * inner] - max;
        let y = INT8_MIN;
        if (diff >= p.diffMin) {
          y = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, exps[c]), exponent) + INT8_MIN;
          y = y > INT8_MAX ? INT8_MAX : y < INT8_MIN ? INT8_MIN : y;
        }
        out[base + c * inner] = y;
      }
    }
  }
  return out;
}

/**
 * Int8 softmax over the middle axis of x viewed as (outer, n, inner), bit-exact with TFLM's int8 SOFTMAX
 * (which works on the last axis, inner = 1; inner > 1 applies the same per-row arithmetic at stride `inner`).
 * The output has {@link SOFTMAX_OUT_QUANT} (1/256, −128); the input zero point cancels out.
 *
 * @param x int8 input of outer·n·inner elements
 * @param inQuant input parameters (per tensor)
 * @param beta the softmax temperature factor (TFLite's `beta`, float32)
 * @returns int8 output, same layout
 * @throws Error on bad shapes or parameters; see {@link softmaxParams} and {@link softmaxInt8WithParams}
 */
export function softmaxInt8(x: Int8Array, outer: number, n: number, inner: number, inQuant: QuantParams, beta = 1): Int8Array {
  const q = activationQuant(inQuant, 'softmaxInt8');
  return softmaxInt8WithParams(x, outer, n, inner, softmaxParams(q.scale, beta));
}

function checkShape(x: Int8Array, outer: number, n: number, inner: number): void {
  for (const v of [outer, n, inner]) {
    if (!(Number.isInteger(v) && v >= 0)) throw new Error(`softmaxInt8: bad shape (${outer}, ${n}, ${inner})`);
  }
  if (x.length !== outer * n * inner) throw new Error(`softmaxInt8: ${x.length} elements for shape (${outer}, ${n}, ${inner})`);
}

/** The interpreter's entry for the softmax op. */
export const softmaxOp: Int8Kernel<'softmax'> = (op, io) => {
  const [outer, n, inner] = splitAxis(io.t(0).shape, op.attrs.axis);
  return softmaxInt8(io.x(0), outer, n, inner, io.t(0).quant!, op.attrs.beta ?? 1);
};
