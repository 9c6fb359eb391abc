/**
 * transposeInt8: element by element against coordinate formulas, over the whole int8 range (the values pass
 * through float32 and back exactly).
 */
import { transposeInt8 } from '../../../src/reference/int8/transpose';
import { mulberry32, randInt, randInt8 } from './slow';

const strides = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));

describe('int8 transpose', () => {
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
});
