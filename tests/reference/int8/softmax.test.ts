/**
 * softmaxInt8 (TFLM's int8 SOFTMAX): CMSIS-NN's published TFLite-generated test vectors, hand-checked anchors,
 * the prepare-time integers, strided rows (inner > 1), and accuracy against a float softmax of the
 * dequantized input over random scales, betas and zero points.
 */
import { SOFTMAX_OUT_QUANT, softmaxInt8, softmaxInt8WithParams, softmaxParams } from '../../../src/reference/int8/softmax';
import { actParams, logUniform, mulberry32, randInt, randInt8, randScale, randZp } from './slow';

describe('softmaxInt8', () => {
  it('reproduces the CMSIS-NN arm_softmax_s8 unit-test vectors (outputs of the TFLite reference kernel)', () => {
    // ARM-software/CMSIS-NN Tests/UnitTest TestData/softmax: one row of 5 and two rows of 5.
    const one = softmaxInt8WithParams(Int8Array.from([-80, -48, 16, 0, -96]), 1, 5, 1, {
      inputMultiplier: 1077952576,
      inputLeftShift: 23,
      diffMin: -248,
    });
    expect(Array.from(one)).toEqual([-128, -125, 56, -60, -128]);
    const two = softmaxInt8WithParams(Int8Array.from([101, 49, 6, -34, -75, -79, -38, 120, -55, 115]), 2, 5, 1, {
      inputMultiplier: 1077952640,
      inputLeftShift: 19,
      diffMin: -3968,
    });
    expect(Array.from(two)).toEqual([-57, -70, -79, -86, -92, -94, -88, -54, -91, -56]);
  });

  it('prepares the integers TFLM does (PreprocessSoftmaxScaling with 5 integer bits, CalculateInputRadius)', () => {
    expect(softmaxParams(1 / 255)).toEqual({ inputMultiplier: 1077952640, inputLeftShift: 19, diffMin: -3968 });
    // (The other vector's multiplier 0x40404040 needs 25 significant bits: not from a float32 scale with beta 1.)
    expect(softmaxParams(16 / 255)).toEqual({ inputMultiplier: 1077952640, inputLeftShift: 23, diffMin: -248 });
    // beta multiplies the scale: beta 2, s 1/510 (float32) ≈ beta 1, s 1/255.
    expect(softmaxParams(0.5, 2)).toEqual(softmaxParams(1));
    // Capped at 2^31 − 1 (s ≥ 32): left shift 31, radius 0 — only the row maxima survive.
    expect(softmaxParams(64)).toEqual({ inputMultiplier: 2147483647, inputLeftShift: 31, diffMin: 0 });
    expect(() => softmaxParams(1e-9)).toThrow(RangeError); // beta·s·2^26 ≤ 1: QuantizeMultiplierGreaterThanOne aborts
    expect(() => softmaxParams(0.1, -1)).toThrow(RangeError);
    expect(SOFTMAX_OUT_QUANT).toEqual({ scale: [1 / 256], zeroPoint: [-128] });
  });

  it('hand-checked anchors: equal inputs, a single element, far-below-max inputs', () => {
    const q = actParams(0.1, 3);
    expect(Array.from(softmaxInt8(Int8Array.from([5, 5, 5, 5]), 1, 4, 1, q))).toEqual([-64, -64, -64, -64]); // 1/4 → 64 − 128
    expect(Array.from(softmaxInt8(Int8Array.from([-7, -7]), 1, 2, 1, q))).toEqual([0, 0]); // 1/2
    expect(Array.from(softmaxInt8(Int8Array.from([-100]), 1, 1, 1, q))).toEqual([127]); // 1.0 saturates to 255/256
    // s = 1: a difference of 255 is beyond diff_min (−15): exp 0 → −128; the max gets all.
    expect(Array.from(softmaxInt8(Int8Array.from([127, -128, 120]), 1, 3, 1, actParams(1, 0)))).toEqual([127, -128, -128]);
    expect(softmaxInt8(new Int8Array(0), 0, 5, 1, q)).toHaveLength(0);
  });

  it('inner > 1 applies the per-row arithmetic at stride inner (equals softmax of the transposed rows)', () => {
    const rng = mulberry32(11);
    for (let t = 0; t < 20; t++) {
      const outer = randInt(rng, 1, 3);
      const n = randInt(rng, 1, 40);
      const inner = randInt(rng, 2, 5);
      const x = randInt8(rng, outer * n * inner);
      const q = actParams(logUniform(rng, 1e-3, 1), randZp(rng));
      const got = softmaxInt8(x, outer, n, inner, q, 1);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const row = Int8Array.from({ length: n }, (_, c) => x[(o * n + c) * inner + i]);
          const want = softmaxInt8(row, 1, n, 1, q, 1);
          for (let c = 0; c < n; c++) expect(got[(o * n + c) * inner + i]).toBe(want[c]);
        }
      }
    }
  });

  it('does not depend on the input zero point and rejects bad shapes / parameters', () => {
    const x = Int8Array.from([1, 9, -4, 30]);
    expect(softmaxInt8(x, 1, 4, 1, actParams(0.2, -128))).toEqual(softmaxInt8(x, 1, 4, 1, actParams(0.2, 127)));
    expect(() => softmaxInt8(x, 1, 3, 1, actParams(0.2, 0))).toThrow();
    expect(() => softmaxInt8(x, 1, 4, 1, { scale: [0.1, 0.2], zeroPoint: [0, 0] })).toThrow();
    // 600 equal maxima: a sum of exps ≥ 512 makes TFLM's output shift exceed 31 (TFLITE_CHECK).
    expect(() => softmaxInt8(new Int8Array(600), 1, 600, 1, actParams(0.1, 0))).toThrow(RangeError);
  });

  it('is within half an output step (1/512) of the float softmax of the dequantized input', () => {
    const rng = mulberry32(2024);
    let maxErr = 0;
    let count = 0;
    for (let t = 0; t < 300; t++) {
      const n = randInt(rng, 1, 300);
      const s = rng() < 0.7 ? logUniform(rng, 1e-3, 1) : randScale(rng);
      const beta = rng() < 0.7 ? 1 : logUniform(rng, 0.25, 4);
      const zp = randZp(rng);
      const spread = randInt(rng, 1, 255); // values within `spread` of each other make interesting rows
      const lo = randInt(rng, -128, 127 - Math.min(spread, 255));
      const x = randInt8(rng, n, lo, Math.min(127, lo + spread));
      const got = softmaxInt8(x, 1, n, 1, actParams(s, zp), beta);
      const real = Array.from(x, (q) => Math.fround(beta) * Math.fround(s) * (q - zp));
      const m = Math.max(...real);
      const e = real.map((r) => Math.exp(r - m));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < n; c++) {
        const want = Math.min(127, (256 * e[c]) / sum - 128); // 1.0 is not representable: 255/256 at most
        maxErr = Math.max(maxErr, Math.abs(got[c] - want));
        count++;
      }
    }
    expect(count).toBeGreaterThan(10000);
    expect(maxErr).toBeLessThanOrEqual(0.5005); // observed 0.49995: correctly rounded up to the fixed-point error
    expect(maxErr).toBeGreaterThan(0.45); // rounding to int8 is real
    console.log(`softmaxInt8 vs float: max error ${maxErr.toFixed(6)} output steps over ${count} elements`);
  });
});
