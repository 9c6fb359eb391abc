import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { QuantizedMultiplier, RequantOptions, Rounding, effectiveScale, requantize } from '../../arith/index';
import { activationQuant, checkedMultiplier, outputRange } from './common';

/**
 * The multiplier of TFLM's int8 MUL (CalculateOpDataMul): the real (double)s1·(double)s2/(double)s_out (float32
 * scales; the product is exact in double, the quotient rounds once), encoded for `rounding` — the exact
 * `out_mult` / `out_shift` arguments of `tinyfit_binary_mul_s8`.
 * @throws RangeError when the real multiplier is ≥ 2^31, or not a power of two in mode 'shift'
 */
export function mulMultiplier(s1: number, s2: number, sOut: number, rounding: Rounding = 'double'): QuantizedMultiplier {
  return checkedMultiplier(effectiveScale(s1, s2, sOut), rounding, 'mulInt8');
}

/**
 * Int8 elementwise MUL with TFLite Micro's integer arithmetic (reference MulElementwise for int8), bit-exact:
 *
 *     y = clamp(requantize((q1 − zp1)·(q2 − zp2), M0, shift) + zp_out, act_min, act_max)
 *
 * M0/shift: {@link mulMultiplier}, from (double)s1·(double)s2/(double)s_out, as TFLM's CalculateOpDataMul
 * (current tflite-micro, mul_common.cc; upstream TFLite's mul.cc, and TFLM before its 2021 kernel split, compute
 * s1·s2/s_out in float32 instead, which gives another M0 for some scale triples). The requantization follows
 * `opts.rounding` (default: TFLite's double rounding); `+ zp_out` wraps like C int32. act_min/act_max from the fused
 * clamp. Broadcasting as the IR's binary op: element i reads a[i % a.length] and b[i % b.length].
 *
 * @param a first operand, int8
 * @param aQuant its parameters (per tensor)
 * @param b second operand, int8
 * @param bQuant its parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param attrs `fn` = 'mul' and the fused clamp (real units)
 * @param n output length (default: the longer operand)
 * @param opts rounding mode of the requantization
 * @returns output of n elements, int8
 * @throws Error on another fn, operands that do not repeat to n, bad parameters, or a multiplier ≥ 2^31
 */
export function mulInt8(
  a: Int8Array,
  aQuant: QuantParams | undefined,
  b: Int8Array,
  bQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['binary'],
  n = Math.max(a.length, b.length),
  opts: RequantOptions = {},
): Int8Array {
  if (attrs.fn !== 'mul') throw new Error(`internal: mulInt8 computes mul, not ${attrs.fn}`);
  if (n > 0 && (a.length === 0 || b.length === 0 || n % a.length !== 0 || n % b.length !== 0)) {
    throw new Error(`internal: mulInt8 operands of ${a.length} and ${b.length} elements do not repeat to ${n}`);
  }
  const rounding = opts.rounding ?? 'double';
  const q1 = activationQuant(aQuant, 'mulInt8 input 1');
  const q2 = activationQuant(bQuant, 'mulInt8 input 2');
  const qo = activationQuant(outQuant, 'mulInt8 output');
  const m = mulMultiplier(q1.scale, q2.scale, qo.scale, rounding);
  const { min: actMin, max: actMax } = outputRange(attrs.clamp, qo);
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const prod = (a[i % a.length] - q1.zeroPoint) * (b[i % b.length] - q2.zeroPoint);
    const y = (requantize(prod, m, rounding) + qo.zeroPoint) | 0;
    out[i] = y < actMin ? actMin : y > actMax ? actMax : y;
  }
  return out;
}
