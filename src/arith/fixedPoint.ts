/**
 * Fixed-point requantization with exactly TFLite's integer semantics (tflite::MultiplyByQuantizedMultiplier and gemmlowp's SaturatingRoundingDoublingHighMul / RoundingDivideByPOT), so the
 * reference interpreter is bit-exact with TFLite Micro reference kernels and CMSIS-NN.
 *
 * Implemented from the arithmetic described in the spec, not from TFLite/gemmlowp sources.
 *
 * Exactness without BigInt (these run once per output element):
 * a JS Number is an IEEE double, so every integer of magnitude < 2^53 is exact, and +, −, × of such integers
 * are exact while the true result stays < 2^53. Dividing an exact integer by 2^k only changes the exponent
 * (exact, no underflow at these magnitudes) and Math.floor of an exact value is exact. The 62-bit product
 * a·b of two int32 is never formed: b is split into b = bh·2^16 + bl (bh = b >> 16 ∈ [−2^15, 2^15),
 * bl = b & 0xffff ∈ [0, 2^16)), so |a·bh| ≤ 2^46 and |a·bl| < 2^47 are exact. Then for k ≥ 16 and integer c
 * divisible by 2^16,
 *     floor((a·bh·2^16 + a·bl + c) / 2^k) = floor((a·bh + floor(a·bl / 2^16) + c/2^16) / 2^(k−16)),
 * by floor(floor(n/p)/q) = floor(n/(p·q)) for integers n and p, q > 0 (step 1 divides by 2^16: a·bh and
 * c/2^16 are integers, so only a·bl has a fractional part). Every term there is < 2^47 and exact.
 * Results that must wrap like C int32 casts are exact integers < 2^53 reduced by `| 0` (ToInt32 is exact
 * modulo 2^32). The tests check every function bit-for-bit against a literal BigInt transcription.
 */

/** Smallest int32, −2^31. */
export const INT32_MIN = -2147483648;
/** Largest int32, 2^31 − 1. */
export const INT32_MAX = 2147483647;

/** 2^k for k = 0…80, built by doubling (exact). */
const POW2: Float64Array = (() => {
  const t = new Float64Array(81);
  t[0] = 1;
  for (let k = 1; k < t.length; k++) t[k] = t[k - 1] * 2;
  return t;
})();

/** A quantized multiplier: real ≈ multiplier · 2^(shift − 31). */
export interface QuantizedMultiplier {
  /** Q31 significand as int32: |multiplier| ∈ [2^30, 2^31) for nonzero reals, 0 for real 0 or underflow. */
  multiplier: number;
  /** Power-of-two exponent; positive = left shift (TFLite's QuantizeMultiplier convention). */
  shift: number;
}

/** Options of {@link quantizeMultiplier}. */
export interface QuantizeMultiplierOptions {
  /**
   * Emulate a TFLite build with TFLITE_SINGLE_ROUNDING: a shift > 30 saturates to
   * { multiplier: 2^31 − 1, shift: 30 } (the single-rounding kernel cannot shift by more). Default false.
   */
  singleRounding?: boolean;
}

const F64 = new DataView(new ArrayBuffer(8));

/**
 * C's frexp for a finite nonzero double: x = fraction · 2^exponent with |fraction| ∈ [0.5, 1).
 * Exact: done on the bit pattern (subnormals are first scaled by 2^64, also exact).
 */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) throw new RangeError(`frexp: need a finite nonzero number, got ${x}`);
  let bias = 0;
  F64.setFloat64(0, x);
  if (((F64.getUint32(0) >>> 20) & 0x7ff) === 0) {
    F64.setFloat64(0, x * 18446744073709551616); // subnormal: ·2^64
    bias = -64;
  }
  const hi = F64.getUint32(0);
  const exponent = ((hi >>> 20) & 0x7ff) - 1022 + bias;
  F64.setUint32(0, ((hi & 0x800fffff) | (1022 << 20)) >>> 0); // biased exponent 1022 ⇒ |fraction| ∈ [0.5, 1)
  return { fraction: F64.getFloat64(0), exponent };
}

/**
 * std::round: nearest integer, halves away from zero (TfLiteRound). Exact: Math.round is specified on the
 * mathematical value (no `+ 0.5` rounding trap). Never returns −0 (0 − x and x + 0 normalise it).
 */
export function roundHalfAwayFromZero(v: number): number {
  return v < 0 ? 0 - Math.round(-v) : Math.round(v) + 0;
}

/**
 * TFLite's QuantizeMultiplier: frexp(real) = q · 2^e, q ∈ [0.5, 1); M0 = round(q · 2^31) halves away from zero
 * (std::round; q·2^31 is exact); if |M0| = 2^31 it is halved and e + 1; then a shift < −31 flushes to
 * { 0, 0 } (|real| below ~2^−32 would shift every bit out). real = 0 gives { 0, 0 }.
 * Negative reals give negative multipliers as in TFLite (only the double-rounding kernel accepts them).
 * The caller computes `real` in double from float32 scales: see params.ts effectiveScale*.
 */
export function quantizeMultiplier(real: number, options: QuantizeMultiplierOptions = {}): QuantizedMultiplier {
  if (!Number.isFinite(real)) throw new RangeError(`quantizeMultiplier: real multiplier must be finite, got ${real}`);
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(real);
  let m = roundHalfAwayFromZero(fraction * POW2[31]);
  let shift = exponent;
  if (m === 2147483648) {
    m = 1073741824;
    shift++;
  }
  // m = −2^31 (fraction rounds to −1) fits int32 and is kept, as in TFLite.
  if (shift < -31) return { multiplier: 0, shift: 0 };
  if (options.singleRounding && shift > 30) return { multiplier: INT32_MAX, shift: 30 };
  return { multiplier: m, shift };
}

/**
 * gemmlowp's SaturatingRoundingDoublingHighMul: (a·b + nudge) / 2^31 with C truncating division,
 * nudge = 2^30 if a·b ≥ 0 else 1 − 2^30; saturates to INT32_MAX only for a = b = INT32_MIN.
 *
 * For a·b < 0, trunc((a·b + 1 − 2^30) / 2^31) = floor((a·b + 2^30) / 2^31) (ceil(n/d) = floor((n + d − 1)/d)),
 * so both signs reduce to floor((a·b + 2^30) / 2^31): ties go towards +∞ (−0.5 → 0, +0.5 → 1). This is also
 * exactly CMSIS-NN's non-saturating doubling high multiply, except for the saturated case.
 * `a`, `b` must be int32.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // floor((a·bh·2^16 + a·bl + 2^30) / 2^31) with the split of the header comment (k = 31, c = 2^30).
  return Math.floor((a * (b >> 16) + Math.floor((a * (b & 0xffff)) / 65536) + 16384) / 32768) | 0;
}

/**
 * gemmlowp's RoundingDivideByPOT: x / 2^exponent by arithmetic shift, rounding halves away from zero
 * (−3/2 → −2, 3/2 → 2, −5/4 → −1). exponent ∈ [0, 31]; `x` must be int32.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (!(exponent >= 0 && exponent <= 31)) throw new RangeError(`roundingDivideByPOT: exponent ${exponent} not in [0, 31]`);
  const mask = ((1 << exponent) - 1) | 0; // exponent 31: (−2^31 − 1) | 0 = 2^31 − 1
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * TFLite's default ("double rounding") MultiplyByQuantizedMultiplier, used by TFLM reference kernels and
 * CMSIS-NN unless built with single rounding:
 * RoundingDivideByPOT(SRDHM(x · 2^max(shift, 0), multiplier), max(−shift, 0)).
 * The left shift is an int32 multiply that wraps on overflow (Math.imul), as the compiled C does
 * (in C it is undefined behaviour; TFLite never hits it with real multipliers). shift ∈ [−31, 31].
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (!(shift >= -31 && shift <= 31)) throw new RangeError(`multiplyByQuantizedMultiplier: shift ${shift} not in [-31, 31]`);
  const left = shift > 0 ? Math.imul(x, 1 << shift) : x;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(left, multiplier), shift > 0 ? 0 : -shift);
}

/**
 * TFLite's single-rounding MultiplyByQuantizedMultiplier (TFLITE_SINGLE_ROUNDING builds):
 * (x · multiplier + 2^(30 − shift)) >> (31 − shift) in 64-bit, an arithmetic (floor) shift, so ties round
 * towards +∞; then a cast to int32. TFLite requires multiplier ≥ 0 and shift ∈ [−31, 30] (DCHECK); here
 * violations throw. An out-of-int32 result (TFLite DCHECKs it) wraps modulo 2^32 like the release build's
 * cast; CMSIS-NN computes out-of-range results differently (it truncates to int32 before the final +1 >> 1),
 * so only in-range results are portable. Bit-exactness proof: see the module comment and below.
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  if (!(multiplier >= 0 && multiplier <= INT32_MAX)) {
    throw new RangeError(`multiplyByQuantizedMultiplierSingleRounding: multiplier ${multiplier} must be in [0, 2^31)`);
  }
  if (!(shift >= -31 && shift <= 30)) {
    throw new RangeError(`multiplyByQuantizedMultiplierSingleRounding: shift ${shift} not in [-31, 30]`);
  }
  const t = 31 - shift; // total right shift, 1…62
  const hi = x * (multiplier >>> 16); // |hi| < 2^46 (high half < 2^15 since multiplier ≥ 0)
  const lo = x * (multiplier & 0xffff); // |lo| < 2^47
  if (t >= 17) {
    // floor((hi·2^16 + lo + 2^(t−1)) / 2^t): c = 2^(t−1) is divisible by 2^16; every term < 2^47.
    return Math.floor((hi + Math.floor(lo / 65536) + POW2[t - 17]) / POW2[t - 16]) | 0;
  }
  // t ≤ 16: the result is hi·2^(16−t) + floor((lo + 2^(t−1)) / 2^t). hi·2^(16−t) may reach 2^61, so reduce hi
  // modulo 2^(16+t) first (JS % is exact): (hi mod 2^(16+t))·2^(16−t) ≡ hi·2^(16−t) (mod 2^32) and is < 2^32.
  return ((hi % POW2[16 + t]) * POW2[16 - t] + Math.floor((lo + POW2[t - 1]) / POW2[t])) | 0;
}
