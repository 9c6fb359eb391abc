import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { normAxis } from '../../ir/shapes';
import { QuantizedMultiplier, multiplyByQuantizedMultiplier } from '../../quantize/arith';
import { INT8_MAX, INT8_MIN, activationQuant, checkLength, numel, requantMultiplier } from './common';

/**
 * The multiplier of TFLM's int8 → int8 QUANTIZE (PrepareQuantizeReference): QuantizeMultiplier of
 * (double)s_in / (double)s_out (float32 scales, one double rounding).
 * @throws RangeError when s_in / s_out ≥ 2^31
 */
export function requantizeMultiplier(sIn: number, sOut: number): QuantizedMultiplier {
  return requantMultiplier(Math.fround(sIn) / Math.fround(sOut), 'int8 requantize');
}

/**
 * Int8 concatenation along an axis.
 *
 * An input whose parameters equal the output's (scale and zero point) is copied. TFLite's int8 CONCATENATION
 * only supports that case: the quantization spec requires inputs and output to share scale and zero point,
 * TFLite's Prepare rejects anything else, and TFLite Micro's kernel copies bytes without looking at the
 * parameters. The converter meets the restriction by inserting a QUANTIZE (int8 → int8) op in front of an input
 * whose range differs, so any other input is requantized here exactly as TFLite Micro's QUANTIZE kernel
 * (reference Requantize) does, bit-exact with that pair of ops:
 *
 *     M0, shift = QuantizeMultiplier((double)s_in / (double)s_out)            ({@link requantizeMultiplier})
 *     y = clamp(MultiplyByQuantizedMultiplier(q − zp_in, M0, shift) + zp_out, −128, 127)
 *
 * (integer, default double rounding; an s_in/s_out ≥ 2 shifts left with int32 wrap-around like the C.)
 * Not used: TFLite's float ConcatenationWithScaling, round(q·(s_in·(1/s_out)) − zp_in·(s_in·(1/s_out))) + zp_out
 * in float32, which TFLite only runs for uint8 and whose result depends on whether the compiler contracts it
 * into an FMA.
 *
 * @param xs input data, in order, int8
 * @param shapes their shapes (equal except along the axis)
 * @param quants their parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param attrs the axis (may be negative)
 * @returns output whose axis length is the sum of the inputs', int8
 * @throws Error on inconsistent shapes or parameters, or an s_in/s_out ≥ 2^31
 */
export function concatInt8(
  xs: readonly Int8Array[],
  shapes: readonly (readonly number[])[],
  quants: readonly (QuantParams | undefined)[],
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['concat'],
): Int8Array {
  if (xs.length === 0 || xs.length !== shapes.length || xs.length !== quants.length) {
    throw new Error('internal: concatInt8 needs one shape and one set of parameters per input, at least one input');
  }
  const rank = shapes[0].length;
  const ax = normAxis(attrs.axis, rank);
  if (ax < 0 || ax >= rank) throw new Error(`internal: concatInt8 axis ${attrs.axis} out of range for rank ${rank}`);
  shapes.forEach((s, k) => {
    if (s.length !== rank || s.some((d, i) => i !== ax && d !== shapes[0][i])) {
      throw new Error(`internal: concatInt8 input ${k} has shape [${s}], incompatible with [${shapes[0]}] along axis ${ax}`);
    }
    checkLength(`concatInt8 input ${k}`, xs[k], s);
  });
  const qo = activationQuant(outQuant, 'concatInt8 output');
  const plans = quants.map((q, k) => {
    const qi = activationQuant(q, `concatInt8 input ${k}`);
    if (qi.scale === qo.scale && qi.zeroPoint === qo.zeroPoint) return undefined;
    return { zp: qi.zeroPoint, m: requantizeMultiplier(qi.scale, qo.scale) };
  });
  const outer = numel(shapes[0].slice(0, ax));
  const inner = numel(shapes[0].slice(ax + 1));
  const blocks = shapes.map((s) => s[ax] * inner);
  const outBlock = blocks.reduce((p, q) => p + q, 0);
  const out = new Int8Array(outer * outBlock);
  for (let o = 0; o < outer; o++) {
    let dst = o * outBlock;
    for (let k = 0; k < xs.length; k++) {
      const blk = blocks[k];
      const src = xs[k].subarray(o * blk, (o + 1) * blk);
      const plan = plans[k];
      if (!plan) out.set(src, dst);
      else {
        for (let j = 0; j < blk; j++) {
          const y = (multiplyByQuantizedMultiplier(src[j] - plan.zp, plan.m.multiplier, plan.m.shift) + qo.zeroPoint) | 0;
          out[dst + j] = y < INT8_MIN ? INT8_MIN : y > INT8_MAX ? INT8_MAX : y;
        }
      }
      dst += blk;
    }
  }
  return out;
}
