/**
 * transposeInt8, cropInt8, upsampleInt8: element by element against coordinate formulas, over the whole int8
 * range (the values pass through float32 and back exactly).
 */
import { cropInt8 } from '../../../src/reference/int8/crop';
import { transposeInt8 } from '../../../src/reference/int8/transpose';
import { upsampleInt8 } from '../../../src/reference/int8/upsample';
import { mulberry32, randInt, randInt8 } from './slow';

const strides = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));

describe('int8 data movement', () => {
  test('transposeInt8: out[idx] = in[idx permuted back] (100 cases, rank 1..6)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(11000 + seed);
      const rank = randInt(rng, 1, 6);
      const shape = Array.from({ length: rank }, () => randInt(rng, 1, 3));
      const perm = Array.from({ length: rank }, (_, i) => i).sort(() => rng() - 0.5);
      const x = randInt8(rng, shape.reduce((p, d) => p * d, 1));
      const y = transposeInt8(x, shape, perm);
      const outShape = perm.map((p) => shape[p]);
      const [si, so] = [strides(shape), strides(outShape)];
      for (let o = 0; o < y.length; o++) {
        const idx = so.map((s, a) => Math.floor(o / s) % outShape[a]);
        const src = idx.reduce((acc, v, a) => acc + v * si[perm[a]], 0);
        expect(y[o]).toBe(x[src]);
      }
    }
  });

  test('cropInt8 and upsampleInt8 address the right cells (100 cases each)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(12000 + seed);
      const [h, w, c] = [randInt(rng, 1, 7), randInt(rng, 1, 7), randInt(rng, 1, 3)];
      const x = Int8Array.from({ length: h * w * c }, (_, i) => ((i * 37 + seed) % 256) - 128);
      const top = randInt(rng, 0, h - 1);
      const left = randInt(rng, 0, w - 1);
      const bottom = randInt(rng, 0, h - 1 - top);
      const right = randInt(rng, 0, w - 1 - left);
      const y = cropInt8(x, [h, w, c], { top, left, bottom, right });
      const [oh, ow] = [h - top - bottom, w - left - right];
      expect(y).toHaveLength(oh * ow * c);
      for (let i = 0; i < y.length; i++) {
        const [yy, xx, ch] = [Math.floor(i / (ow * c)), Math.floor(i / c) % ow, i % c];
        expect(y[i]).toBe(x[((yy + top) * w + xx + left) * c + ch]);
      }
      const [sh, sw] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
      const u = upsampleInt8(x, [h, w, c], [sh, sw]);
      expect(u).toHaveLength(h * sh * w * sw * c);
      for (let i = 0; i < u.length; i++) {
        const W = w * sw;
        const [yy, xx, ch] = [Math.floor(i / (W * c)), Math.floor(i / c) % W, i % c];
        expect(u[i]).toBe(x[(Math.floor(yy / sh) * w + Math.floor(xx / sw)) * c + ch]);
      }
    }
  });
});
