import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { QuantizedMultiplier, RequantOptions, Rounding, requantize } from '../../arith/index';
import { ActQuant, activationQuant, multiplierSmallerThanOne, outputRange } from './common';

/** Left shift applied to both int8 inputs of ADD / SUB before rescaling (TFLite: 20 for 8-bit, 15 for 16-bit). */
export const ADD_LEFT_SHIFT = 20;

const f32 = Math.fround;

/** The three multipliers of an int8 ADD or SUB. */
export interface AddSubMultipliers {
  input1: QuantizedMultiplier;
  input2: QuantizedMultiplier;
  output: QuantizedMultiplier;
}

/**
 * The multipliers of TFLite Micro's int8 ADD (CalculateOpDataAdd) or SUB (CalculateOpDataSub):
 *
 *     twice_max = 2·max(s1, s2);  real_in_i = s_i / twice_max;  real_out = twice_max / (2^20 · s_out)
 *
 * each through QuantizeMultiplierSmallerThanOneExp (so it must land in (0, 1)). ADD computes the quotients in
 * double; TFLM's SUB computes them in float32 (`const float twice_max_input_scale`, float divisions, then a
 * cast to double), so its reals are float32-rounded: the two can differ in the last bits of M0. (The products
 * by 2 and 2^20 are exact in either precision.) This follows current tflite-micro (sub_common.cc); some ports
 * of TFLM compute SUB's reals in double like ADD, and would differ in those last bits.
 * The multipliers are encoded for `rounding` (multiplierFor): these are the exact `*_mult` / `*_shift` arguments
 * of `tinyfit_binary_add_s8`.
 * @throws RangeError when real_out ≥ 1, i.e. s_out ≤ 2·max(s1, s2)/2^20 (TFLite aborts on it), or in mode 'shift'
 *   when a real is not a power of two
 */
export function addSubMultipliers(
  fn: 'add' | 'sub',
  in1: ActQuant,
  in2: ActQuant,
  out: ActQuant,
  rounding: Rounding = 'double',
): AddSubMultipliers {
  const s1 = f32(in1.scale);
  const s2 = f32(in2.scale);
  const sOut = f32(out.scale);
  const twiceMax = 2 * Math.max(s1, s2);
  const pow = 2 ** ADD_LEFT_SHIFT;
  const what = `${fn}Int8`;
  const m = (real: number, which: string): QuantizedMultiplier => multiplierSmallerThanOne(real, rounding, `${what} ${which}`);
  if (fn === 'add') {
    return { input1: m(s1 / twiceMax, 'input 1'), input2: m(s2 / twiceMax, 'input 2'), output: m(twiceMax / (pow * sOut), 'output') };
  }
  return {
    input1: m(f32(s1 / twiceMax), 'input 1'),
    input2: m(f32(s2 / twiceMax), 'input 2'),
    output: m(f32(twiceMax / f32(pow * sOut)), 'output'),
  };
}

/**
 * Int8 elementwise ADD or SUB (`attrs.fn`) with TFLite Micro's integer arithmetic (reference AddFunc /
 * SubFunc for int8), bit-exact:
 *
 *     v_i  = (q_i − zp_i) · 2^20
 *     u_i  = MultiplyByQuantizedMultiplierSmallerThanOneExp(v_i, M_i, shift_i)      (= the double-rounding
 *            MultiplyByQuantizedMultiplier with its shift ≤ 0)
 *     raw  = u_1 + u_2   (SUB: u_1 − u_2)
 *     y    = clamp(MultiplyByQuantizedMultiplierSmallerThanOneExp(raw, M_out, shift_out) + zp_out, act_min, act_max)
 *
 * with the multipliers of {@link addSubMultipliers}; `opts.rounding` replaces the three requantizations by the
 * mode's `requantize` (default 'double', TFLite's). Broadcasting is the IR's trailing-block repetition:
 * element i reads a[i % a.length] and b[i % b.length] (TFLite's broadcast kernels apply the same per-element
 * function).
 *
 * @param a first operand, int8
 * @param aQuant its parameters (per tensor)
 * @param b second operand, int8
 * @param bQuant its parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @param attrs `fn` ('add' or 'sub') and the fused clamp (real units)
 * @param n output length (default: the longer operand)
 * @param opts rounding mode of the requantizations
 * @returns output of n elements, int8
 * @throws Error on another fn, operands that do not repeat to n, bad parameters, or an output scale too small
 *   for TFLite's ADD (see {@link addSubMultipliers})
 */
export function addInt8(
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
  const rounding = opts.rounding ?? 'double';
  if (fn !== 'add' && fn !== 'sub') throw new Error(`internal: addInt8 computes add or sub, not ${fn}`);
  if (n > 0 && (a.length === 0 || b.length === 0 || n % a.length !== 0 || n % b.length !== 0)) {
    throw new Error(`internal: addInt8 operands of ${a.length} and ${b.length} elements do not repeat to ${n}`);
  }
  const q1 = activationQuant(aQuant, `${fn}Int8 input 1`);
  const q2 = activationQuant(bQuant, `${fn}Int8 input 2`);
  const qo = activationQuant(outQuant, `${fn}Int8 output`);
  const m = addSubMultipliers(fn, q1, q2, qo, rounding);
  const { min: actMin, max: actMax } = outputRange(attrs.clamp, qo);
  const pow = 1 << ADD_LEFT_SHIFT;
  const sign = fn === 'add' ? 1 : -1;
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const u1 = requantize((a[i % a.length] - q1.zeroPoint) * pow, m.input1, rounding);
    const u2 = requantize((b[i % b.length] - q2.zeroPoint) * pow, m.input2, rounding);
    const raw = (u1 + sign * u2) | 0;
    const y = (requantize(raw, m.output, rounding) + qo.zeroPoint) | 0;
    out[i] = y < actMin ? actMin : y > actMax ? actMax : y;
  }
  return out;
}
