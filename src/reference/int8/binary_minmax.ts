import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { RequantOptions } from '../../arith/index';
import { activationQuant, outputRange } from './common';
import { requantPlan, requantValue } from './concat';

/**
 * Int8 elementwise MAXIMUM / MINIMUM (`attrs.fn` 'max' or 'min'). TFLite requires both inputs to share the
 * output's parameters (its kernel compares raw int8); the converter inserts a QUANTIZE in front of an operand
 * whose range differs, so here each operand is first requantized to the output's parameters exactly like
 * concatenation's QUANTIZE ({@link requantPlan} / {@link requantValue}: an operand with the output's parameters is
 * used as is), then the max/min of the two int8 values is taken, then the fused clamp (outputRange) is applied.
 * Broadcasting: element i reads a[i % a.length] and b[i % b.length]. C kernel: `tinyfit_binary_minmax_s8`, whose
 * `a_copy`/`a_zp`/`a_mult`/`a_shift` (and b's) are the fields of requantPlan(a, out, rounding).
 *
 * @param a first operand, int8
 * @param aQuant its parameters (per tensor)
 * @param b second operand, int8
 * @param bQuant its parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param attrs `fn` ('max' or 'min') and the fused clamp (real units)
 * @param n output length (default: the longer operand)
 * @param opts rounding mode of the requantizations
 * @returns output of n elements, int8
 * @throws Error on another fn, operands that do not repeat to n, bad parameters or a rejected requantization ratio
 */
export function minMaxInt8(
  a: Int8Array,
  aQuant: QuantParams | undefined,
  b: Int8Array,
  bQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['binary'],
  n = Math.max(a.length, b.length),
  opts: RequantOptions = {},
): Int8Array {
  const fn = attrs.fn;
  if (fn !== 'max' && fn !== 'min') throw new Error(`internal: minMaxInt8 computes max or min, not ${fn}`);
  if (n > 0 && (a.length === 0 || b.length === 0 || n % a.length !== 0 || n % b.length !== 0)) {
    throw new Error(`internal: minMaxInt8 operands of ${a.length} and ${b.length} elements do not repeat to ${n}`);
  }
  const rounding = opts.rounding ?? 'double';
  const qo = activationQuant(outQuant, `${fn}Int8 output`);
  const pa = requantPlan(activationQuant(aQuant, `${fn}Int8 input 1`), qo, rounding);
  const pb = requantPlan(activationQuant(bQuant, `${fn}Int8 input 2`), qo, rounding);
  const { min: actMin, max: actMax } = outputRange(attrs.clamp, qo);
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const u = requantValue(a[i % a.length], pa, qo.zeroPoint, rounding);
    const v = requantValue(b[i % b.length], pb, qo.zeroPoint, rounding);
    const y = fn === 'max' ? (u > v ? u : v) : u < v ? u : v;
    out[i] = y < actMin ? actMin : y > actMax ? actMax : y;
  }
  return out;
}
