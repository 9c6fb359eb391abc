/**
 * src/quantize/gemmlowp.ts: the fixed-point building blocks against double-precision math (gemmlowp's own
 * accuracy), hand-checked saturation / rounding cases, and TFLite's prepare helpers on known values.
 */
import { INT32_MAX, INT32_MIN } from '../../src/arith/fixedPoint';
import {
  calculateInputRadius,
  expOnNegativeValues,
  fixedLogistic,
  fixedPointInputParams,
  fixedTanh,
  getReciprocal,
  multiplyByQuantizedMultiplierGreaterThanOne,
  oneMinusXOverOnePlusXForXIn01,
  oneOverOnePlusXForXIn01,
  roundingHalfSum,
  saturatingRoundingMultiplyByPOT,
} from '../../src/arith/gemmlowp';
import { mulberry32, randInt } from '../reference/int8/slow';

const Q31 = 2 ** 31;

/** Max |f(raw)/2^31 − g(raw)| over samples. */
function maxErr(samples: number[], f: (r: number) => number, g: (r: number) => number): number {
  let m = 0;
  for (const r of samples) m = Math.max(m, Math.abs(f(r) / Q31 - g(r)));
  return m;
}

describe('gemmlowp fixed-point helpers', () => {
  const rng = mulberry32(77);

  it('saturatingRoundingMultiplyByPOT shifts, saturates and rounds', () => {
    expect(saturatingRoundingMultiplyByPOT(3, 2)).toBe(12);
    expect(saturatingRoundingMultiplyByPOT(-3, 2)).toBe(-12);
    expect(saturatingRoundingMultiplyByPOT(2 ** 29 - 1, 2)).toBe(2 ** 31 - 4);
    expect(saturatingRoundingMultiplyByPOT(2 ** 29, 2)).toBe(INT32_MAX);
    expect(saturatingRoundingMultiplyByPOT(-(2 ** 29) + 1, 2)).toBe(-(2 ** 31) + 4);
    expect(saturatingRoundingMultiplyByPOT(-(2 ** 29), 2)).toBe(INT32_MIN);
    expect(saturatingRoundingMultiplyByPOT(6, -2)).toBe(2); // 1.5 → 2 (half away from zero)
    expect(saturatingRoundingMultiplyByPOT(-6, -2)).toBe(-2);
    expect(saturatingRoundingMultiplyByPOT(-5, 0)).toBe(-5);
  });

  it('roundingHalfSum rounds halves away from zero without overflow', () => {
    expect(roundingHalfSum(1, 2)).toBe(2);
    expect(roundingHalfSum(-1, -2)).toBe(-2);
    expect(roundingHalfSum(0, 0)).toBe(0);
    expect(roundingHalfSum(INT32_MAX, INT32_MAX)).toBe(INT32_MAX);
    expect(roundingHalfSum(INT32_MIN, INT32_MIN)).toBe(INT32_MIN);
    expect(roundingHalfSum(0, INT32_MAX)).toBe(2 ** 30);
  });

  it('exp_on_negative_values is exact at 0 and within 3e-7 of exp elsewhere (the Taylor remainder (1/8)^5/120; Q5.26 and Q4.27)', () => {
    for (const bits of [4, 5]) {
      expect(expOnNegativeValues(0, bits)).toBe(INT32_MAX);
      const samples = Array.from({ length: 3000 }, () => -randInt(rng, 1, 2 ** 31 - 1));
      const err = maxErr(samples, (r) => expOnNegativeValues(r, bits), (r) => Math.exp(r / 2 ** (31 - bits)));
      expect(err).toBeLessThan(3e-7);
      expect(err).toBeGreaterThan(1e-8); // the degree-4 polynomial really is what runs
    }
    // Multiples of 1/4 go through the barrel shifter only: exp(−1) and exp(−16.25).
    expect(Math.abs(expOnNegativeValues(-(2 ** 26), 5) / Q31 - Math.exp(-1))).toBeLessThan(3e-7);
    expect(Math.abs(expOnNegativeValues(-16.25 * 2 ** 26, 5) / Q31 - Math.exp(-16.25))).toBeLessThan(1e-9);
  });

  it('the Newton–Raphson reciprocals are within 1e-8 of 1/(1+x) and (1−x)/(1+x)', () => {
    const samples = Array.from({ length: 3000 }, () => randInt(rng, 0, 2 ** 31 - 1));
    expect(maxErr(samples, oneOverOnePlusXForXIn01, (r) => 1 / (1 + r / Q31))).toBeLessThan(1e-8);
    expect(maxErr(samples, oneMinusXOverOnePlusXForXIn01, (r) => (1 - r / Q31) / (1 + r / Q31))).toBeLessThan(1e-8);
  });

  it('logistic and tanh (Q4.27 inputs) follow the float functions and hit their exact special values', () => {
    expect(fixedLogistic(0, 4)).toBe(2 ** 30);
    expect(fixedTanh(0, 4)).toBe(0);
    const samples = Array.from({ length: 3000 }, () => randInt(rng, -(2 ** 31) + 1, 2 ** 31 - 1));
    expect(maxErr(samples, (r) => fixedLogistic(r, 4), (r) => 1 / (1 + Math.exp(-r / 2 ** 27)))).toBeLessThan(1.5e-7);
    expect(maxErr(samples, (r) => fixedTanh(r, 4), (r) => Math.tanh(r / 2 ** 27))).toBeLessThan(5e-7);
  });

  it('getReciprocal normalises the Q12.19 sum: 1.0 → (≈1, 0), 4.0 → (≈1, 2), 1.25 → (≈0.8, 0)', () => {
    const one = getReciprocal(2 ** 19, 12);
    expect(one.numBitsOverUnit).toBe(0);
    expect(Math.abs(one.reciprocal - Q31)).toBeLessThan(8);
    const four = getReciprocal(2 ** 21, 12);
    expect(four.numBitsOverUnit).toBe(2);
    expect(four.reciprocal).toBe(one.reciprocal);
    const r = getReciprocal(1.25 * 2 ** 19, 12);
    expect(r.numBitsOverUnit).toBe(0);
    expect(Math.abs(r.reciprocal / Q31 - 0.8)).toBeLessThan(3e-9);
  });

  it('CalculateInputRadius and the LOGISTIC/TANH prepare on hand-computed values', () => {
    expect(calculateInputRadius(5, 23)).toBe(248); // 31·2^26 / 2^23
    expect(calculateInputRadius(5, 19)).toBe(3968);
    expect(calculateInputRadius(5, 31)).toBe(0);
    expect(calculateInputRadius(4, 28, 31)).toBe(7); // floor(7.5)
    expect(() => calculateInputRadius(4, -1, 31)).toThrow(RangeError);
    // s = 1/16: s·2^27 = 2^23 = 0.5·2^24.
    expect(fixedPointInputParams(1 / 16, 4)).toEqual({ inputMultiplier: 2 ** 30, inputLeftShift: 24, inputRangeRadius: 120 });
    // s = 0.1 (float32 0.100000001490116…): 0.1·2^27 = 13421772.8 → q·2^31 with q = s·2^27 / 2^24.
    const p = fixedPointInputParams(0.1, 4);
    expect(p.inputLeftShift).toBe(24);
    expect(p.inputMultiplier).toBe(Math.fround(0.1) * 2 ** 34);
    expect(p.inputRangeRadius).toBe(120);
    expect(() => fixedPointInputParams(0, 4)).toThrow(RangeError);
    expect(() => fixedPointInputParams(1e-12, 4)).toThrow(RangeError); // radius overflows int32
  });

  it('multiplyByQuantizedMultiplierGreaterThanOne is SRDHM(x·2^shift, M)', () => {
    expect(multiplyByQuantizedMultiplierGreaterThanOne(-3, 2 ** 30, 4)).toBe(-24); // −3·16·0.5
    expect(multiplyByQuantizedMultiplierGreaterThanOne(0, 2 ** 30, 31)).toBe(0);
    expect(multiplyByQuantizedMultiplierGreaterThanOne(-1, 1077952640, 19)).toBe(-263172); // −1077952640/4096 = −263172.03
  });
});
