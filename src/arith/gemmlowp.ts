/**
 * gemmlowp's fixed-point transcendental functions (fixedpoint/fixedpoint.h) and the TFLite helpers around
 * them (kernels/internal/common.h, quantization_util.cc), as TFLite Micro's int8 SOFTMAX, LOGISTIC and TANH
 * reference kernels use them. Written from the public descriptions of those functions; each function names
 * the one it mirrors.
 *
 * Values are int32 raw fixed-point numbers held in JS numbers. A `FixedPoint<int32, m>` (Qm.(31−m)) with m
 * integer bits has raw value real·2^(31−m); the integer-bit count only changes how the raw value is read, so
 * it is passed as a plain parameter here. Products are gemmlowp's SaturatingRoundingDoublingHighMul
 * (fixedPoint.ts, exact without BigInt); sums wrap like int32 (`| 0`: gemmlowp's plain `+`, which never
 * overflows on the paths used here).
 */
import { INT32_MAX, INT32_MIN, frexp, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from './fixedPoint';

const srdhm = saturatingRoundingDoublingHighMul;

/**
 * gemmlowp's SaturatingRoundingMultiplyByPOT<exponent>(x): exponent > 0 is a left shift saturating to
 * [INT32_MIN, INT32_MAX] (|x| > 2^(31−exponent) − 1 saturates), exponent < 0 is RoundingDivideByPOT(x, −exponent),
 * 0 is the identity. This is also gemmlowp's Rescale<dst>(x) with exponent = srcIntegerBits − dstIntegerBits.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  const threshold = 2 ** (31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent; // |x·2^e| < 2^31: exact and in range
}

/** gemmlowp's RoundingHalfSum for int32: (a + b + sign(a + b)) / 2 in 64 bits with C truncating division. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b; // exact, |sum| < 2^32
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2) | 0;
}

/** exp(−1/8) in Q0.31 and 1/3 in Q0.31: gemmlowp's constants. */
const EXP_MINUS_ONE_EIGHTH = 1895147668;
const ONE_THIRD = 715827883;

/**
 * gemmlowp's exp_on_interval_between_negative_one_quarter_and_0_excl: exp(a) for a ∈ [−1/4, 0) in Q0.31, by a
 * 4th-order Taylor expansion around −1/8 (x = a + 1/8).
 */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const x = (a + (1 << 28)) | 0;
  const x2 = srdhm(x, x);
  const x3 = srdhm(x2, x);
  const x4 = srdhm(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT((srdhm((x4Over4 + x3) | 0, ONE_THIRD) + x2) | 0, 1);
  return (EXP_MINUS_ONE_EIGHTH + srdhm(EXP_MINUS_ONE_EIGHTH, (x + poly) | 0)) | 0;
}

/** gemmlowp's barrel-shifter multipliers exp(−2^k) in Q0.31, k = −2 … 4. */
const EXP_BARREL: ReadonlyArray<readonly [number, number]> = [
  [-2, 1672461947],
  [-1, 1302514674],
  [0, 790015084],
  [1, 290630308],
  [2, 39332535],
  [3, 720401],
  [4, 242],
];

/**
 * gemmlowp's exp_on_negative_values: exp(a) in Q0.31 for a ≤ 0 given in Q`integerBits`. The input is split into
 * (a mod 1/4) − 1/4, whose exp comes from the Taylor polynomial, and a remainder whose set bits 2^k multiply in
 * exp(−2^k) (for k < integerBits); below −32 (only when integerBits > 5) the result is 0; exp(0) = INT32_MAX.
 */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const aModQuarterMinusQuarter = ((a & (oneQuarter - 1)) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(saturatingRoundingMultiplyByPOT(aModQuarterMinusQuarter, integerBits));
  const remainder = (aModQuarterMinusQuarter - a) | 0;
  for (const [k, multiplier] of EXP_BARREL) {
    if (integerBits > k && (remainder & (1 << (fractionalBits + k))) !== 0) result = srdhm(result, multiplier);
  }
  if (integerBits > 5 && a < -(2 ** (36 - integerBits))) result = 0;
  return a === 0 ? INT32_MAX : result;
}

/** 48/17 and −32/17 in Q2.29 (Newton–Raphson start), 1.0 in Q2.29. */
const C_48_OVER_17 = 1515870810;
const C_NEG_32_OVER_17 = -1010580540;
const ONE_Q2 = 1 << 29;

/** 2/(1 + a) in Q2.29 by three Newton–Raphson steps on the half denominator (1 + a)/2 (shared by the next two). */
function twoOverOnePlusX(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  let x = (C_48_OVER_17 + srdhm(halfDenominator, C_NEG_32_OVER_17)) | 0;
  for (let i = 0; i < 3; i++) {
    const oneMinusHalfDenominatorTimesX = (ONE_Q2 - srdhm(halfDenominator, x)) | 0;
    x = (x + saturatingRoundingMultiplyByPOT(srdhm(x, oneMinusHalfDenominatorTimesX), 2)) | 0;
  }
  return x;
}

/** gemmlowp's one_over_one_plus_x_for_x_in_0_1: 1/(1 + a) in Q0.31 for a ∈ [0, 1) in Q0.31. */
export function oneOverOnePlusXForXIn01(a: number): number {
  // ExactMulByPot<−1> (Q2.29 → Q1.30, same raw) then Rescale<0> (saturating ×2).
  return saturatingRoundingMultiplyByPOT(twoOverOnePlusX(a), 1);
}

/** gemmlowp's one_minus_x_over_one_plus_x_for_x_in_0_1: (1 − a)/(1 + a) in Q0.31 for a ∈ [0, 1) in Q0.31. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  return saturatingRoundingMultiplyByPOT((twoOverOnePlusX(a) - ONE_Q2) | 0, 2);
}

/**
 * gemmlowp's logistic: 1/(1 + exp(−a)) in Q0.31 for a in Q`integerBits`: computed on |a| through
 * one_over_one_plus_x(exp(−|a|)), mirrored as INT32_MAX − r for a < 0; exactly 2^30 (one half) for a = 0.
 */
export function fixedLogistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const r = oneOverOnePlusXForXIn01(expOnNegativeValues(a > 0 ? -a : a, integerBits));
  return a > 0 ? r : INT32_MAX - r;
}

/**
 * gemmlowp's tanh: tanh(a) in Q0.31 for a in Q`integerBits`: t = (1 − e)/(1 + e) with e = exp(−2|a|)
 * (ExactMulByPot<1>: the same raw read with one more integer bit), negated for a < 0; 0 for a = 0.
 */
export function fixedTanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(a < 0 ? a : -a, integerBits + 1));
  return a < 0 ? -t : t;
}

/**
 * TFLite's GetReciprocal (kernels/internal/common.h): for x > 0 in Q`xIntegerDigits`, normalises x to
 * [1, 2) by its leading zeros and returns 1/(normalised x) in Q0.31 via one_over_one_plus_x, with
 * numBitsOverUnit = xIntegerDigits − clz(x), so that 1/x = reciprocal · 2^−numBitsOverUnit.
 */
export function getReciprocal(x: number, xIntegerDigits: number): { reciprocal: number; numBitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const shiftedSumMinusOne = ((x << headroomPlusOne) - INT32_MIN) | 0; // (uint32 x << h) − 2^31, as int32
  return { reciprocal: oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit: xIntegerDigits - headroomPlusOne };
}

/**
 * TFLite's CalculateInputRadius (quantization_util.cc): floor((2^inputIntegerBits − 1) · 2^(totalSignedBits −
 * inputIntegerBits) / 2^inputLeftShift) in double, the largest |input| whose rescaled value stays in range.
 * Exact here (a ratio of powers of two times a small integer). TFLite casts it to int; results ≥ 2^31 would be
 * undefined there, so this throws instead.
 */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  const r = Math.floor(((2 ** inputIntegerBits - 1) * 2 ** (totalSignedBits - inputIntegerBits)) / 2 ** inputLeftShift);
  if (r > INT32_MAX) throw new RangeError(`calculateInputRadius: radius ${r} (left shift ${inputLeftShift}) overflows int32`);
  return r;
}

/**
 * TFLite's MultiplyByQuantizedMultiplierGreaterThanOne in a default (double-rounding) build:
 * SaturatingRoundingDoublingHighMul(x · 2^leftShift, multiplier), the product wrapping like the compiled
 * int32 multiply (callers keep |x|·2^leftShift < 2^31).
 */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return srdhm(Math.imul(x, (2 ** leftShift) | 0), multiplier);
}

/** Integer parameters of an int8 input rescaled to a Q`inputIntegerBits` fixed-point argument (TFLM LOGISTIC / TANH). */
export interface FixedPointInputParams {
  /** Q0.31 significand of s_in · 2^(31 − inputIntegerBits). */
  inputMultiplier: number;
  /** Its power-of-two exponent (MultiplyByQuantizedMultiplier's shift, positive = left). */
  inputLeftShift: number;
  /** |q − zp| ≥ radius saturates the output without computing (CalculateInputRadius). */
  inputRangeRadius: number;
}

/**
 * The prepare step of TFLM's int8 LOGISTIC (CalculateArithmeticOpDataLogistic) and TANH
 * (CalculateArithmeticOpData): real = (double)s_in · 2^(31 − inputIntegerBits); frexp(real) = q · 2^shift;
 * multiplier = round(q · 2^31) with no renormalisation (q has at most 24 significant bits for a float32 scale,
 * so q · 2^31 is an integer below 2^31); radius = CalculateInputRadius(inputIntegerBits, shift, 31).
 * @throws RangeError on a scale that is not a positive finite float32, or so small (< ~2^−28 for 4 integer
 *   bits) that the radius overflows int32 (undefined in TFLM)
 */
export function fixedPointInputParams(inputScale: number, inputIntegerBits: number): FixedPointInputParams {
  const s = Math.fround(inputScale);
  if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`fixedPointInputParams: input scale ${inputScale} is not a positive finite float32`);
  const { fraction, exponent } = frexp(s * 2 ** (31 - inputIntegerBits));
  return {
    inputMultiplier: fraction * 2 ** 31, // exact integer < 2^31 (see above)
    inputLeftShift: exponent,
    inputRangeRadius: calculateInputRadius(inputIntegerBits, exponent, 31),
  };
}
