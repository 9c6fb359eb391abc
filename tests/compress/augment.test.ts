import { randomShift } from '../../src/compress/augment';
import { mulberry32 } from '../../src/util/rng';

describe('randomShift', () => {
  it('translates whole images by up to ±maxShift pixels, filling with zeros, channels together', () => {
    const h = 5;
    const w = 4;
    const n = 40;
    const x = Float32Array.from({ length: n * h * w * 2 }, (_, i) => 1 + (i % 97));
    const out = randomShift(x, n, h, w, 1, mulberry32(3), 2);
    const rng = mulberry32(3);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const dy = Math.floor(rng() * 3) - 1;
      const dx = Math.floor(rng() * 3) - 1;
      seen.add(`${dy},${dx}`);
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          for (let k = 0; k < 2; k++) {
            const sr = r - dy;
            const sc = c - dx;
            const want = sr >= 0 && sr < h && sc >= 0 && sc < w ? x[((i * h + sr) * w + sc) * 2 + k] : 0;
            expect(out[((i * h + r) * w + c) * 2 + k]).toBe(want);
          }
        }
      }
    }
    expect(seen.size).toBe(9);
    expect(randomShift(x, n, h, w, 0, mulberry32(1), 2)).toEqual(x);
  });
});
