import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { normAxis } from '../../ir/shapes';
import { QuantizedMultiplier, RequantOptions, Rounding, requantize } from '../../arith/index';
import { ActQuant, INT8_MAX, INT8_MIN, activationQuant, checkLength, checkedMultiplier, numel } from './common';
import { Int8Kernel } from '../kernel';

/**
 * The multiplier of TFLM's int8 → int8 QUANTIZE (PrepareQuantizeReference): the real (double)s_in / (double)s_out
 * (float32 scales, one double rounding), encoded for `rounding`.
 * @throws RangeError when s_in / s_out ≥ 2^31, or is not a power of two in mode 'shift'
 */
export function requantizeMultiplier(sIn: number, sOut: number, rounding: Rounding = 'double'): QuantizedMultiplier {
  return checkedMultiplier(Math.fround(sIn) / Math.fround(sOut), rounding, 'int8 requantize');
}

/**
 * How one int8 tensor is brought to another's parameters: a plain copy when scale and zero point are equal,
 * else a requantization. `copy`, `zeroPoint` and `multiplier` are the `*_copy`, `*_zp`, `*_mult`/`*_shift`
 * arguments of the C kernels (concat, requantize, minmax); a copy's multiplier is { 0, 0 } (unused).
 */
export interface RequantPlan {
  copy: boolean;
  /** Zero point of the source. */
  zeroPoint: number;
  multiplier: QuantizedMultiplier;
}

/**
 * The {@link RequantPlan} from `from` to `to` (validated per-tensor parameters, see activationQuant).
 * @throws RangeError as {@link requantizeMultiplier} when a requantization is needed
 */
export function requantPlan(from: ActQuant, to: ActQuant, rounding: Rounding = 'double'): RequantPlan {
  if (Math.fround(from.scale) === Math.fround(to.scale) && from.zeroPoint === to.zeroPoint) {
    return { copy: true, zeroPoint: from.zeroPoint, multiplier: { multiplier: 0, shift: 0 } };
  }
  return { copy: false, zeroPoint: from.zeroPoint, multiplier: requantizeMultiplier(from.scale, to.scale, rounding) };
}

/**
 * One int8 value through a {@link RequantPlan}, as TFLM's int8 → int8 QUANTIZE (reference Requantize):
 * clamp(requantize(q − zp_in) + zp_out, −128, 127), the addition wrapping like C int32; a copy returns q.
 */
export function requantValue(q: number, plan: RequantPlan, outZeroPoint: number, rounding: Rounding = 'double'): number {
  if (plan.copy) return q;
  const y = (requantize(q - plan.zeroPoint, plan.multiplier, rounding) + outZeroPoint) | 0;
  return y < INT8_MIN ? INT8_MIN : y > INT8_MAX ? INT8_MAX : y;
}

/**
 * Int8 → int8 QUANTIZE of a whole tensor (TFLM's Requantize; see {@link requantValue}): the reference of
 * `tinyfit_concat_slice_requant_s8`, and what concatenation and min/max apply to inputs whose parameters differ.
 *
 * @param x input, int8 (any shape)
 * @param xQuant its parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param opts rounding mode
 * @returns the requantized values (a copy when the parameters are equal)
 * @throws Error on bad parameters or a ratio {@link requantizeMultiplier} rejects
 */
export function requantizeInt8(x: Int8Array, xQuant: QuantParams | undefined, outQuant: QuantParams | undefined, opts: RequantOptions = {}): Int8Array {
  const rounding = opts.rounding ?? 'double';
  const qo = activationQuant(outQuant, 'requantizeInt8 output');
  const plan = requantPlan(activationQuant(xQuant, 'requantizeInt8 input'), qo, rounding);
  return x.map((q) => requantValue(q, plan, qo.zeroPoint, rounding));
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
 * (integer, default double rounding, or `opts.rounding`; an s_in/s_out ≥ 2 shifts left with int32 wrap-around
 * like the C.) The C arguments of each input: {@link requantPlan}.
 * Not used: TFLite's float ConcatenationWithScaling, round(q·(s_in·(1/s_out)) − zp_in·(s_in·(1/s_out))) + zp_out
 * in float32, which TFLite only runs for uint8 and whose result depends on whether the compiler contracts it
 * into an FMA.
 *
 * @param xs input data, in order, int8
 * @param shapes their shapes (equal except along the axis)
 * @param quants their parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param attrs the axis (may be negative)
 * @param opts rounding mode of the requantizations
 * @returns output whose axis length is the sum of the inputs', int8
 * @throws Error on inconsistent shapes or parameters, or an s_in/s_out ≥ 2^31
 */
export function concatInt8(
  xs: readonly Int8Array[],
  shapes: readonly (readonly number[])[],
  quants: readonly (QuantParams | undefined)[],
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['concat'],
  opts: RequantOptions = {},
): Int8Array {
  const rounding = opts.rounding ?? 'double';
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
  const plans = quants.map((q, k) => requantPlan(activationQuant(q, `concatInt8 input ${k}`), qo, rounding));
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
      if (plan.copy) out.set(src, dst);
      else for (let j = 0; j < blk; j++) out[dst + j] = requantValue(src[j], plan, qo.zeroPoint, rounding);
      dst += blk;
    }
  }
  return out;
}

/** The interpreter's entry for the concat op. */
export const concatOp: Int8Kernel<'concat'> = (op, io) => {
  const ins = op.inputs.map((_, i) => i);
  return concatInt8(ins.map((i) => io.x(i)), ins.map((i) => io.t(i).shape), ins.map((i) => io.t(i).quant), io.y.quant, op.attrs, io.opts);
};
