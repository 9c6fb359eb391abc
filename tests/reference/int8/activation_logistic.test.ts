/**
 * logisticInt8 (TFLM's int8 LOGISTIC): prepare-time integers, hand-checked anchors (0 → 0.5, saturation at
 * the input radius), and accuracy against the float sigmoid of the dequantized input.
 */
import { LOGISTIC_OUT_QUANT, logisticElement, logisticInt8, logisticParams } from '../../../src/reference/int8/activation_logistic';
import { actParams, logUniform, mulberry32, randZp } from './slow';

const ALL = Int8Array.from({ length: 256 }, (_, i) => i - 128);

describe('logisticInt8', () => {
  it('prepares TFLM\'s integers: s·2^27 split by frexp, radius with 4 integer bits', () => {
    expect(logisticParams(actParams(1 / 16, -5))).toEqual({ inputZeroPoint: -5, inputMultiplier: 2 ** 30, inputLeftShift: 24, inputRangeRadius: 120 });
    // s = 1: 2^27 = 0.5·2^28, radius floor(15·2^27 / 2^28) = 7.
    expect(logisticParams(actParams(1, 0))).toEqual({ inputZeroPoint: 0, inputMultiplier: 2 ** 30, inputLeftShift: 28, inputRangeRadius: 7 });
    expect(LOGISTIC_OUT_QUANT).toEqual({ scale: [1 / 256], zeroPoint: [-128] });
    expect(() => logisticParams(undefined as never)).toThrow();
    expect(() => logisticParams(actParams(1e-12, 0))).toThrow(RangeError);
  });

  it('hand-checked anchors: logistic(0) = 1/2 → 0, saturation at ±radius, monotone', () => {
    for (const zp of [-128, -3, 0, 127]) {
      const p = logisticParams(actParams(0.05, zp));
      expect(logisticElement(zp, p)).toBe(0);
    }
    // s = 1, zp 0: radius 7 → q ≥ 7 gives 127, q ≤ −7 gives −128 without computing.
    const y = logisticInt8(ALL, actParams(1, 0));
    expect(y[128 + 7]).toBe(127);
    expect(y[128 - 7]).toBe(-128);
    expect(y[128 + 127]).toBe(127);
    expect(y[0]).toBe(-128);
    expect(y[128 + 1]).toBe(Math.round(256 / (1 + Math.exp(-1)) - 128)); // 187.1 − 128 = 59
    for (let i = 1; i < 256; i++) expect(y[i]).toBeGreaterThanOrEqual(y[i - 1]);
    // A huge scale leaves radius 0: every input saturates, even q = zp (TFLM's behaviour).
    expect(Array.from(logisticInt8(Int8Array.from([-1, 0, 1]), actParams(16, 0)))).toEqual([-128, -128, 127]);
  });

  it('is within half an output step (1/256) of the float sigmoid of the dequantized input', () => {
    const rng = mulberry32(99);
    let maxErr = 0;
    for (let t = 0; t < 300; t++) {
      // Scales ≥ 8 leave TFLM's radius 0, where even q = zp saturates (anchored above): not an accuracy question.
      const s = rng() < 0.7 ? logUniform(rng, 1e-3, 1) : logUniform(rng, 1e-6, 4);
      const zp = randZp(rng);
      const got = logisticInt8(ALL, actParams(s, zp));
      for (let i = 0; i < 256; i++) {
        const want = Math.min(127, 256 / (1 + Math.exp(-Math.fround(s) * (ALL[i] - zp))) - 128);
        maxErr = Math.max(maxErr, Math.abs(got[i] - want));
      }
    }
    expect(maxErr).toBeLessThanOrEqual(0.51); // observed 0.49999: correctly rounded up to the fixed-point error
    expect(maxErr).toBeGreaterThan(0.45);
    console.log(`logisticInt8 vs float: max error ${maxErr.toFixed(6)} output steps over ${300 * 256} elements`);
  });
});
