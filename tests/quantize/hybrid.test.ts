/**
 * src/quantize/hybrid.ts: int8 weights with per-channel float32 scales for the `_i8w_f32` kernels. The channel
 * of each element is recomputed here from its multi-index, independently of the implementation's flat
 * arithmetic.
 */
import { quantizeWeightsForHybrid } from '../../src/quantize/hybrid';
import { quantizeWeightsPerChannel } from '../../src/arith/quantParams';
import { randn } from '../helpers/rng';

/** Channel along `axis` of flat index i for a row-major shape, via the full multi-index. */
function channelOf(i: number, shape: number[], axis: number): number {
  const idx: number[] = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx[axis];
}

const LAYOUTS: [string, number[], number][] = [
  ['conv OHWI, axis 0', [6, 3, 3, 5], 0],
  ['depthwise 1HWC, axis 3', [1, 3, 3, 12], 3],
  ['dense [out][in], axis 0', [9, 17], 0],
  ['3-D, middle axis', [4, 5, 3], 1],
];

describe('quantizeWeightsForHybrid', () => {
  it.each(LAYOUTS)('%s: q and scales as quantizeWeightsPerChannel, dequantized = fround(q·s[c])', (_name, shape, axis) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = randn(n, 7 + axis + shape.length, 0, 0.3);
    // Channel-dependent magnitudes so that a wrong channel index picks a visibly wrong scale.
    for (let i = 0; i < n; i++) w[i] = Math.fround(w[i] * (1 + 3 * channelOf(i, shape, axis)));
    const { q, scales, dequantized } = quantizeWeightsForHybrid(w, shape, axis);
    const ref = quantizeWeightsPerChannel(w, shape, axis);
    expect(q).toBeInstanceOf(Int8Array);
    expect(Array.from(q)).toEqual(Array.from(ref.data));
    expect(scales).toBeInstanceOf(Float32Array);
    expect(Array.from(scales)).toEqual(ref.scales);
    expect(scales).toHaveLength(shape[axis]);
    const absMax = new Array(shape[axis]).fill(0);
    for (let i = 0; i < n; i++) {
      const c = channelOf(i, shape, axis);
      absMax[c] = Math.max(absMax[c], Math.abs(q[i]));
      expect(dequantized[i]).toBe(Math.fround(q[i] * scales[c]));
      // Round-trip error at most half a step (plus the float32 rounding of the product).
      expect(Math.abs(dequantized[i] - w[i])).toBeLessThanOrEqual(scales[c] / 2 + Math.abs(w[i]) * 2 ** -23);
    }
    // Symmetric with the largest weight of every channel at ±127.
    expect(absMax).toEqual(new Array(shape[axis]).fill(127));
  });

  it('an all-zero channel gets scale 1 and zero weights', () => {
    const w = new Float32Array([0.5, -0.25, 0, 0, 0, -0, 1, 2]);
    const { q, scales, dequantized } = quantizeWeightsForHybrid(w, [4, 2], 0);
    expect(Array.from(scales)).toEqual([Math.fround(0.5 / 127), 1, 1, Math.fround(2 / 127)]);
    expect(Array.from(q)).toEqual([127, -64, 0, 0, 0, 0, 64, 127]);
    expect(Array.from(dequantized.subarray(2, 6))).toEqual([0, 0, 0, 0]);
  });

  it('rejects a shape that does not match, an axis out of range, and non-finite weights', () => {
    const w = new Float32Array(6);
    expect(() => quantizeWeightsForHybrid(w, [2, 4], 0)).toThrow(RangeError);
    expect(() => quantizeWeightsForHybrid(w, [2, 3], 2)).toThrow(RangeError);
    expect(() => quantizeWeightsForHybrid(new Float32Array([1, NaN]), [2], 0)).toThrow(/non-finite/);
  });
});
