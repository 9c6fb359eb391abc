/** globalPoolInt8: the channel maximum and the channel mean rounded half away from zero. */
import { globalPoolInt8 } from '../../../src/reference/int8/global_pool';
import { actParams, expectBitExact, mulberry32, randInt, randInt8, randScale, randZp } from './slow';

describe('globalPoolInt8', () => {
  test('max is the channel maximum, avg the channel mean rounded half away from zero (200 cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = mulberry32(13000 + seed);
      const [h, w, c] = [randInt(rng, 1, 9), randInt(rng, 1, 9), randInt(rng, 1, 5)];
      const u = rng();
      const x = u < 0.1 ? new Int8Array(h * w * c).fill(-128) : u < 0.2 ? new Int8Array(h * w * c).fill(127) : u < 0.5 ? randInt8(rng, h * w * c, -2, 2) : randInt8(rng, h * w * c);
      const q = actParams(randScale(rng), randZp(rng));
      const wantMax: number[] = [];
      const wantAvg: number[] = [];
      for (let ch = 0; ch < c; ch++) {
        let m = -128;
        let s = 0;
        for (let p = 0; p < h * w; p++) {
          m = Math.max(m, x[p * c + ch]);
          s += x[p * c + ch];
        }
        const n = h * w;
        // Exact: |s|/n rounded half up in magnitude, then the sign.
        const mag = Math.floor((2 * Math.abs(s) + n) / (2 * n));
        wantMax.push(m);
        wantAvg.push(s < 0 ? -mag : mag);
      }
      expectBitExact(`max ${seed}`, globalPoolInt8(x, [h, w, c], q, 'max'), wantMax);
      expectBitExact(`avg ${seed}`, globalPoolInt8(x, [h, w, c], q, 'avg'), wantAvg);
    }
  });

  test('rejects an empty or non-HWC input', () => {
    expect(() => globalPoolInt8(new Int8Array(0), [0, 2, 1], actParams(0.1, 0), 'avg')).toThrow(/HWC/);
    expect(() => globalPoolInt8(new Int8Array(4), [4], actParams(0.1, 0), 'max')).toThrow(/HWC/);
  });
});
