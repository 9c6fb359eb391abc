/** upsampleInt8: element by element against coordinate formulas, over the whole int8 range. */
import { upsampleInt8 } from '../../../src/reference/int8/upsample';
import { mulberry32, randInt } from './slow';

describe('int8 upsample', () => {
  test('upsampleInt8 addresses the right cells (100 cases)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(12000 + seed);
      const [h, w, c] = [randInt(rng, 1, 7), randInt(rng, 1, 7), randInt(rng, 1, 3)];
      const x = Int8Array.from({ length: h * w * c }, (_, i) => ((i * 37 + seed) % 256) - 128);
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
