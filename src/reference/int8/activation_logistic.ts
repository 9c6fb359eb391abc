/**
 * Int8 LOGISTIC (sigmoid) with TensorFlow Lite Micro's integer arithmetic, bit-exact
 * (firmware/kernels/activation_logistic_s8.c is its C twin). TFLM's int8 path is reference_integer_ops::Logistic, the
 * gemmlowp fixed-point version (TFLite's int8 LUT variant is not what TFLM runs).
 */
import { QuantParams } from '../../ir/types';
import { multiplyByQuantizedMultiplier, roundingDivideByPOT } from '../../arith/fixedPoint';
import { FixedPointInputParams, fixedLogistic, fixedPointInputParams } from '../../arith/gemmlowp';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';

/** TFLM's fixed int8 logistic output parameters: scale 1/256, zero point −128 (the zero point is checked in Prepare). */
export const LOGISTIC_OUT_QUANT: QuantParams = { scale: [1 / 256], zeroPoint: [-128] };

/** The rescaled input is Q4.27 (kInputIntegerBits). */
const INPUT_INTEGER_BITS = 4;

/** Prepare-time integers of an int8 logistic (TFLM's OpDataLogistic). */
export interface LogisticParams extends FixedPointInputParams {
  inputZeroPoint: number;
}

/**
 * TFLM's CalculateArithmeticOpDataLogistic for int8: see fixedPointInputParams (s_in · 2^27, frexp, radius with
 * 4 integer bits), plus the input zero point.
 * @throws Error on bad parameters or an input scale below ~2^−28 (radius overflow)
 */
export function logisticParams(inQuant: QuantParams): LogisticParams {
  const q = activationQuant(inQuant, 'logisticInt8');
  return { inputZeroPoint: q.zeroPoint, ...fixedPointInputParams(q.scale, INPUT_INTEGER_BITS) };
}

/**
 * One element of reference_integer_ops::Logistic (int8): x = q − zp; x ≤ −radius → −128, x ≥ radius → 127,
 * else clamp(RoundingDivideByPOT(logistic<Q4.27>(MultiplyByQuantizedMultiplier(x, M, shift)), 23) − 128).
 * MultiplyByQuantizedMultiplier is the default double-rounding one, whatever the model's rounding mode.
 */
export function logisticElement(q: number, p: LogisticParams): number {
  const x = q - p.inputZeroPoint;
  if (x <= -p.inputRangeRadius) return INT8_MIN;
  if (x >= p.inputRangeRadius) return INT8_MAX;
  const inQ4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
  const y = roundingDivideByPOT(fixedLogistic(inQ4, INPUT_INTEGER_BITS), 31 - 8) + INT8_MIN;
  return y > INT8_MAX ? INT8_MAX : y < INT8_MIN ? INT8_MIN : y;
}

/**
 * Int8 elementwise logistic, bit-exact with TFLM's int8 LOGISTIC; output parameters {@link LOGISTIC_OUT_QUANT}.
 * @param x int8 input (any shape, flat)
 * @param inQuant input parameters (per tensor)
 * @returns int8 output of the same length
 * @throws Error on bad parameters (see {@link logisticParams})
 */
export function logisticInt8(x: Int8Array, inQuant: QuantParams): Int8Array {
  const p = logisticParams(inQuant);
  const table = new Int8Array(256); // the output depends on q alone
  for (let q = INT8_MIN; q <= INT8_MAX; q++) table[q - INT8_MIN] = logisticElement(q, p);
  return x.map((q) => table[q - INT8_MIN]);
}
