/**
 * tanhInt8 (TFLM's int8 TANH): prepare-time integers, hand-checked anchors (0 → 0, saturation to 127 / −128 at
 * the input radius), and accuracy against the float tanh of the dequantized input.
 */
import { TANH_OUT_QUANT, tanhElement, tanhInt8, tanhParams } from '../../../src/reference/int8/activation_tanh';
import { actParams, logUniform, mulberry32, randZp } from './slow';

const ALL = Int8Array.from({ length: 256 }, (_, i) => i - 128);

describe('tanhInt8', () => {
  it('prepares TFLM\'s integers (same as LOGISTIC: s·2^27, 4 integer bits)', () => {
    expect(tanhParams(actParams(1 / 16, 9))).toEqual({ inputZeroPoint: 9, inputMultiplier: 2 ** 30, inputLeftShift: 24, inputRangeRadius: 120 });
    expect(TANH_OUT_QUANT).toEqual({ scale: [1 / 128], zeroPoint: [0] });
    expect(() => tanhParams({ scale: [0.1], zeroPoint: [300] })).toThrow();
  });

  it('hand-checked anchors: tanh(0) = 0, saturation to 127 / −128, monotone', () => {
    for (const zp of [-128, 0, 55, 127]) expect(tanhElement(zp, tanhParams(actParams(0.02, zp)))).toBe(0);
    const y = tanhInt8(ALL, actParams(1, 0)); // radius 7
    expect(y[128 + 7]).toBe(127);
    expect(y[128 + 6]).toBe(127); // 128·tanh(6) = 127.997 rounds to 128, clamped
    expect(y[128 - 6]).toBe(-128);
    expect(y[0]).toBe(-128);
    expect(y[128 + 1]).toBe(Math.round(128 * Math.tanh(1))); // 97
    expect(y[128 - 1]).toBe(-97);
    for (let i = 1; i < 256; i++) expect(y[i]).toBeGreaterThanOrEqual(y[i - 1]);
    // A huge scale leaves radius 0: every input saturates, even q = zp (TFLM's behaviour).
    expect(Array.from(tanhInt8(Int8Array.from([-1, 0, 1]), actParams(16, 0)))).toEqual([-128, -128, 127]);
  });

  it('is within half an output step (1/128) of the float tanh of the dequantized input', () => {
    const rng = mulberry32(123);
    let maxErr = 0;
    for (let t = 0; t < 300; t++) {
      // Scales ≥ 8 leave TFLM's radius 0, where even q = zp saturates (anchored above): not an accuracy question.
      const s = rng() < 0.7 ? logUniform(rng, 1e-3, 1) : logUniform(rng, 1e-6, 4);
      const zp = randZp(rng);
      const got = tanhInt8(ALL, actParams(s, zp));
      for (let i = 0; i < 256; i++) {
        const want = Math.min(127, 128 * Math.tanh(Math.fround(s) * (ALL[i] - zp)));
        maxErr = Math.max(maxErr, Math.abs(got[i] - want));
      }
    }
    expect(maxErr).toBeLessThanOrEqual(0.51); // observed 0.49999: correctly rounded up to the fixed-point error
    expect(maxErr).toBeGreaterThan(0.45);
    console.log(`tanhInt8 vs float: max error ${maxErr.toFixed(6)} output steps over ${300 * 256} elements`);
  });
});
