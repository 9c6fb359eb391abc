/**
 * Int8 TANH with TensorFlow Lite Micro's integer arithmetic, bit-exact (firmware/kernels/activation_tanh_s8.c is its C
 * twin). TFLM's int8 path is reference_integer_ops::Tanh, the gemmlowp fixed-point version (TFLite's int8
 * LUT variant is not what TFLM runs).
 */
import { QuantParams } from '../../ir/types';
import { multiplyByQuantizedMultiplier, roundingDivideByPOT } from '../../arith/fixedPoint';
import { FixedPointInputParams, fixedPointInputParams, fixedTanh } from '../../arith/gemmlowp';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';

/** The int8 tanh output parameters TFLite's converter fixes: scale 1/128, zero point 0 (TFLM's kernel assumes them). */
export const TANH_OUT_QUANT: QuantParams = { scale: [1 / 128], zeroPoint: [0] };

/** The rescaled input is Q4.27 (kInputIntegerBits). */
const INPUT_INTEGER_BITS = 4;

/** Prepare-time integers of an int8 tanh (TFLM's tanh OpData). */
export interface TanhParams extends FixedPointInputParams {
  inputZeroPoint: number;
}

/**
 * TFLM's tanh CalculateArithmeticOpData for int8: the same computation as LOGISTIC's (s_in · 2^27, frexp,
 * radius with 4 integer bits), plus the input zero point.
 * @throws Error on bad parameters or an input scale below ~2^−28 (radius overflow)
 */
export function tanhParams(inQuant: QuantParams): TanhParams {
  const q = activationQuant(inQuant, 'tanhInt8');
  return { inputZeroPoint: q.zeroPoint, ...fixedPointInputParams(q.scale, INPUT_INTEGER_BITS) };
}

/**
 * One element of reference_integer_ops::Tanh (int8): x = q − zp; x ≤ −radius → −128, x ≥ radius → 127,
 * else clamp(RoundingDivideByPOT(tanh<Q4.27>(MultiplyByQuantizedMultiplier(x, M, shift)), 24), −128, 127).
 * MultiplyByQuantizedMultiplier is the default double-rounding one, whatever the model's rounding mode.
 */
export function tanhElement(q: number, p: TanhParams): number {
  const x = q - p.inputZeroPoint;
  if (x <= -p.inputRangeRadius) return INT8_MIN;
  if (x >= p.inputRangeRadius) return INT8_MAX;
  const inQ4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
  const y = roundingDivideByPOT(fixedTanh(inQ4, INPUT_INTEGER_BITS), 31 - 7);
  return y > INT8_MAX ? INT8_MAX : y < INT8_MIN ? INT8_MIN : y;
}

/**
 * Int8 elementwise tanh, bit-exact with TFLM's int8 TANH; output parameters {@link TANH_OUT_QUANT}.
 * @param x int8 input (any shape, flat)
 * @param inQuant input parameters (per tensor)
 * @returns int8 output of the same length
 * @throws Error on bad parameters (see {@link tanhParams})
 */
export function tanhInt8(x: Int8Array, inQuant: QuantParams): Int8Array {
  const p = tanhParams(inQuant);
  const table = new Int8Array(256); // the output depends on q alone
  for (let q = INT8_MIN; q <= INT8_MAX; q++) table[q - INT8_MIN] = tanhElement(q, p);
  return x.map((q) => table[q - INT8_MIN]);
}
