import { QuantParams } from '../../ir/types';
import { INT32_MAX, multiplyByQuantizedMultiplier, quantizeMultiplier } from '../../arith/index';
import { INT8_MAX, INT8_MIN, activationQuant, checkLength } from './common';
import { pool2dInt8 } from './pool2d';
import { Int8Kernel } from '../kernel';

/** Options of {@link globalPoolInt8}. */
export interface GlobalPoolInt8Options {
  /** TFLite MEAN's arithmetic ('avg' only; see {@link meanInt8}). Default false (AVERAGE_POOL's). */
  mean?: boolean;
  /** Output parameters, read only with `mean` (pooling shares the input's). */
  outQuant?: QuantParams;
}

/**
 * Int8 global max or average pooling of an HWC tensor to `[C]`: {@link pool2dInt8} with the whole H×W as the
 * window (no padding, no clamp), so the average rounds exactly like the windowed one and the parameters are
 * shared; or, with `mean`, TFLite MEAN over H and W ({@link meanInt8}, own output parameters).
 *
 * @param x input `[H, W, C]`, int8
 * @param xShape `[H, W, C]` (H, W ≥ 1)
 * @param quant parameters of the input (shared by the output unless `mean`)
 * @param type 'max' or 'avg'
 * @param options `mean` and its output parameters
 * @returns output `[C]`, int8
 * @throws Error on inconsistent shapes or parameters, or `mean` with 'max'
 */
export function globalPoolInt8(
  x: Int8Array,
  xShape: readonly number[],
  quant: QuantParams | undefined,
  type: 'max' | 'avg',
  options: GlobalPoolInt8Options = {},
): Int8Array {
  if (xShape.length !== 3 || !(xShape[0] >= 1 && xShape[1] >= 1)) throw new Error(`internal: globalPoolInt8 needs a non-empty HWC input, got [${xShape}]`);
  if (options.mean) {
    if (type !== 'avg') throw new Error(`internal: globalPoolInt8: 'mean' applies to average pooling only`);
    return meanInt8(x, xShape, quant, options.outQuant);
  }
  const pad = { top: 0, left: 0, bottom: 0, right: 0 };
  return pool2dInt8(x, xShape, quant, { type, pool: [xShape[0], xShape[1]], strides: [1, 1], pad });
}

/** TFLite MEAN's int8 parameters for one reduction size (arguments of `tinyfit_global_pool_mean_s8`). */
export interface MeanParams {
  inZeroPoint: number;
  outZeroPoint: number;
  /** Input and output parameters are equal: the truncated mean of the raw bytes, no multiplier. */
  sameParams: boolean;
  /** Q31 multiplier of s_in / s_out with 1/count folded in. */
  multiplier: number;
  /** Its exponent, in [−31, 31]. */
  shift: number;
}

/** floor(log2(n)) for an integer n ≥ 1 (63 − clz64(n)). */
function floorLog2(n: number): number {
  return BigInt(n).toString(2).length - 1;
}

/**
 * The parameters of TFLite MEAN (int8, reduction over `count` elements), following TFLM's reference kernel
 * (reduce_common.cc, reference reduce.h QuantizedMeanOrSum of tflite-micro main):
 * - same input and output parameters (float32 scales equal, zero points equal): TFLM takes its plain Mean path,
 *   the int32 sum of the raw bytes divided by the count with C's truncating division;
 * - otherwise M = QuantizeMultiplier(double(s_in) / double(s_out)), and 1/count is folded into it:
 *   k = min(floor(log2(count)), 32, 31 + shift), M' = (M · 2^k) / count (64-bit, truncating), shift' = shift − k.
 *   (Older TFLM releases instead divided the requantized sum by the count, or ran a separate 4-D keep_dims
 *   kernel; the current one treats keep_dims true and false alike.)
 *
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param count number of reduced elements (H·W), ≥ 1
 * @throws Error on bad parameters; RangeError when s_in / s_out ≥ 2^31
 */
export function meanParams(inQuant: QuantParams | undefined, outQuant: QuantParams | undefined, count: number): MeanParams {
  const qi = activationQuant(inQuant, 'MEAN input');
  const qo = activationQuant(outQuant, 'MEAN output');
  if (!(Number.isInteger(count) && count >= 1 && count <= INT32_MAX)) throw new Error(`internal: MEAN over ${count} elements`);
  const sameParams = qi.scale === qo.scale && qi.zeroPoint === qo.zeroPoint;
  const m = quantizeMultiplier(qi.scale / qo.scale);
  if (m.shift > 31) throw new RangeError(`MEAN: rescale factor ${qi.scale / qo.scale} ≥ 2^31 cannot be applied to an int32`);
  const k = Math.min(floorLog2(count), 32, 31 + m.shift);
  const multiplier = Number((BigInt(m.multiplier) << BigInt(k)) / BigInt(count));
  return { inZeroPoint: qi.zeroPoint, outZeroPoint: qo.zeroPoint, sameParams, multiplier, shift: m.shift - k };
}

/**
 * Int8 TFLite MEAN over H and W of an HWC tensor to `[C]` (axis [1, 2] of NHWC, keep_dims either way), bit-exact
 * with TFLM's reference kernel ({@link meanParams}): per channel, sum = Σ raw int8 (int32, wrapping);
 * same parameters: out = trunc(sum / count); otherwise
 * out = clamp(MultiplyByQuantizedMultiplier(int32(sum − zp_in·count), M', shift') + zp_out, −128, 127)
 * (TFLite's default double rounding, whatever the graph's rounding mode).
 * The float result is the plain mean, like average pooling.
 *
 * @param x input `[H, W, C]`, int8
 * @param xShape `[H, W, C]` (H, W ≥ 1)
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns output `[C]`, int8
 * @throws Error on inconsistent shapes or parameters
 */
export function meanInt8(x: Int8Array, xShape: readonly number[], inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  if (xShape.length !== 3 || !(xShape[0] >= 1 && xShape[1] >= 1)) throw new Error(`internal: meanInt8 needs a non-empty HWC input, got [${xShape}]`);
  checkLength('meanInt8 input', x, xShape);
  const [h, w, c] = xShape;
  const count = h * w;
  const p = meanParams(inQuant, outQuant, count);
  const out = new Int8Array(c);
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum = (sum + x[i * c + ch]) | 0;
    let y: number;
    if (p.sameParams) y = Math.trunc(sum / count);
    else {
      const shifted = (sum - p.inZeroPoint * count) | 0; // exact in double, then int32 wrap like the C cast
      y = (multiplyByQuantizedMultiplier(shifted, p.multiplier, p.shift) + p.outZeroPoint) | 0;
    }
    out[ch] = y < INT8_MIN ? INT8_MIN : y > INT8_MAX ? INT8_MAX : y;
  }
  return out;
}

/** The interpreter's entry for the global_pool op. */
export const globalPoolOp: Int8Kernel<'global_pool'> = (op, io) =>
  globalPoolInt8(io.x(0), io.t(0).shape, io.t(0).quant, op.attrs.type, { mean: op.attrs.mean, outQuant: io.y.quant });
