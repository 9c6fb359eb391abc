import { FusedClamp, NO_CLAMP, OpAttrsByKind, QuantParams } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { INT32_MAX, multiplyByQuantizedMultiplier, quantizeMultiplier } from '../../arith/index';
import { INT8_MAX, INT8_MIN, activationQuant, checkLength, outputRange } from './common';

/**
 * Int8 max or average pooling of an HWC tensor with TFLite Micro's integer arithmetic (reference
 * MaxPool / AveragePool for int8), bit-exact. Input and output share their quantization parameters (TFLite's
 * restriction), so both work on the raw int8 values:
 *
 * - max: the largest int8 of the in-bounds cells, then clamped to [act_min, act_max];
 * - avg: sum = Σ of the raw int8 of the in-bounds cells (padded cells are excluded from the sum and from the
 *   count, TF 'same'), divided with rounding half away from zero in C integer arithmetic:
 *   `sum > 0 ? (sum + count/2) / count : (sum − count/2) / count` (C `/` truncates; count/2 too), then clamped.
 *   The rounding is of the raw value, not of q − zp: avg(real) = s·(avg(q) − zp) because the parameters are
 *   shared.
 *
 * A window with no in-bounds cell (only possible with padding ≥ the pool size; TF's 'same'/'valid' never
 * produce one) gives the zero point clamped to [act_min, act_max], i.e. real 0 like the float reference.
 * TFLite differs there: its max pool returns act_min (−128 without a clamp) and its average pool fails.
 *
 * @param x input `[H, W, C]`, int8
 * @param xShape `[H, W, C]`
 * @param quant parameters of the input, shared by the output (per tensor)
 * @param attrs pool type, window, strides and explicit padding
 * @param clamp a fused activation in real units (TFLite's pooling has one; the IR's pool2d does not): default none
 * @returns output `[OH, OW, C]`, int8
 * @throws Error on inconsistent shapes or parameters
 */
export function pool2dInt8(
  x: Int8Array,
  xShape: readonly number[],
  quant: QuantParams | undefined,
  attrs: OpAttrsByKind['pool2d'],
  clamp: FusedClamp = NO_CLAMP,
): Int8Array {
  if (xShape.length !== 3) throw new Error(`internal: pool2dInt8 needs an HWC input, got [${xShape}]`);
  const [ih, iw, c] = xShape;
  checkLength('pool2dInt8 input', x, xShape);
  const q = activationQuant(quant, 'pool2dInt8');
  const { min: actMin, max: actMax } = outputRange(clamp, q);
  const empty = q.zeroPoint < actMin ? actMin : q.zeroPoint > actMax ? actMax : q.zeroPoint;
  const [ph, pw] = attrs.pool;
  const [sh, sw] = attrs.strides;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, ph, sh, 1, top, bottom);
  const ow = windowOut(iw, pw, sw, 1, left, right);
  const isMax = attrs.type === 'max';
  const out = new Int8Array(Math.max(oh, 0) * Math.max(ow, 0) * c);
  for (let oy = 0; oy < oh; oy++) {
    const y0 = Math.max(oy * sh - top, 0);
    const y1 = Math.min(oy * sh - top + ph, ih);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = Math.max(ox * sw - left, 0);
      const x1 = Math.min(ox * sw - left + pw, iw);
      const count = Math.max(y1 - y0, 0) * Math.max(x1 - x0, 0);
      const obase = (oy * ow + ox) * c;
      for (let ch = 0; ch < c; ch++) {
        if (count === 0) {
          out[obase + ch] = empty;
          continue;
        }
        let acc = isMax ? -128 : 0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = x[(iy * iw + ix) * c + ch];
            if (isMax) {
              if (v > acc) acc = v;
            } else acc += v;
          }
        }
        if (!isMax) {
          const half = Math.trunc(count / 2);
          acc = Math.trunc(acc > 0 ? (acc + half) / count : (acc - half) / count);
        }
        out[obase + ch] = acc < actMin ? actMin : acc > actMax ? actMax : acc;
      }
    }
  }
  return out;
}

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
