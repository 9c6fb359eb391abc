import { QuantParams } from '../../ir/types';
import { QuantizedMultiplier, RequantOptions, Rounding, effectiveScale, requantize } from '../../arith/index';
import { ActQuant, INT8_MAX, INT8_MIN, activationQuant, checkedMultiplier } from './common';
import { Int8Kernel } from '../kernel';

/** The two multipliers of an int8 PRELU: the `pos_*` and `neg_*` arguments of `tinyfit_prelu_s8`. */
export interface PreluMultipliers {
  /** real s_in / s_out, for x ≥ zp_in. */
  pos: QuantizedMultiplier;
  /** real s_in · s_alpha / s_out, for x < zp_in. */
  neg: QuantizedMultiplier;
}

/**
 * The multipliers of TFLite's int8 PRELU (PreluPrepare): real_pos = (double)s_in / (double)s_out and
 * real_neg = (double)s_in·(double)s_alpha / (double)s_out (float32 scales widened to double), encoded for `rounding`.
 * @throws RangeError when a real is ≥ 2^31, or not a power of two in mode 'shift'
 */
export function preluParams(inQ: ActQuant, alphaQ: ActQuant, outQ: ActQuant, rounding: Rounding = 'double'): PreluMultipliers {
  const sIn = Math.fround(inQ.scale);
  const sOut = Math.fround(outQ.scale);
  return {
    pos: checkedMultiplier(sIn / sOut, rounding, 'preluInt8 positive'),
    neg: checkedMultiplier(effectiveScale(sIn, alphaQ.scale, sOut), rounding, 'preluInt8 negative'),
  };
}

/**
 * Int8 PRELU as TFLite's reference kernel (alpha is int8 with its own per-tensor asymmetric parameters):
 *
 *     v = q − zp_in
 *     y = v ≥ 0 ? requantize(v, pos) : requantize(v · (alpha[i % alpha.length] − zp_alpha), neg)
 *     out = clamp(y + zp_out, −128, 127)          (the addition wraps like C int32)
 *
 * with {@link preluParams} and `opts.rounding` (default TFLite's double rounding). alpha repeats over x's leading
 * axes as in the float op (its length must divide x's).
 *
 * @param x input, int8 (any shape)
 * @param xQuant its parameters (per tensor)
 * @param alpha slopes, int8
 * @param alphaQuant their parameters (per tensor, asymmetric)
 * @param outQuant output parameters (per tensor)
 * @param opts rounding mode
 * @returns output, same length as x, int8
 * @throws Error on an alpha that does not repeat over x, bad parameters, or a rejected multiplier
 */
export function preluInt8(
  x: Int8Array,
  xQuant: QuantParams | undefined,
  alpha: Int8Array,
  alphaQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  opts: RequantOptions = {},
): Int8Array {
  const an = alpha.length;
  if (an === 0 || x.length % an !== 0) throw new Error(`internal: preluInt8 alpha of ${an} elements does not repeat over ${x.length}`);
  const rounding = opts.rounding ?? 'double';
  const qi = activationQuant(xQuant, 'preluInt8 input');
  const qa = activationQuant(alphaQuant, 'preluInt8 alpha');
  const qo = activationQuant(outQuant, 'preluInt8 output');
  const { pos, neg } = preluParams(qi, qa, qo, rounding);
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - qi.zeroPoint;
    const r = v >= 0 ? requantize(v, pos, rounding) : requantize(v * (alpha[i % an] - qa.zeroPoint), neg, rounding);
    const y = (r + qo.zeroPoint) | 0;
    out[i] = y < INT8_MIN ? INT8_MIN : y > INT8_MAX ? INT8_MAX : y;
  }
  return out;
}

/** The interpreter's entry for the prelu op. */
export const preluOp: Int8Kernel<'prelu'> = (_op, io) => preluInt8(io.x(0), io.t(0).quant, io.x(1), io.t(1).quant, io.y.quant, io.opts);
