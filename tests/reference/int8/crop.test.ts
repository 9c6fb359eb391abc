/** cropInt8: element by element against coordinate formulas, over the whole int8 range. */
import { cropInt8 } from '../../../src/reference/int8/crop';
import { mulberry32, randInt } from './slow';

describe('int8 crop', () => {
  test('cropInt8 addresses the right cells (100 cases)', () => {
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
    }
  });
});
