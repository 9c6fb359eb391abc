/**
 * padInt8: new cells hold the zero point; checked against a coordinate-based slow path and the float reference.
 */
import { pad } from '../../../src/reference/float/pad';
import { padInt8 } from '../../../src/reference/int8/pad';
import { actParams, dequant, expectBitExact, expectWithin, mulberry32, randInt, randInt8, randScale, randZp } from './slow';

const CASES = 150;

function makeCase(seed: number) {
  const rng = mulberry32(7000 + seed);
  const xShape = [randInt(rng, 1, 6), randInt(rng, 1, 6), randInt(rng, 1, 4)];
  const p = { top: randInt(rng, 0, 3), left: randInt(rng, 0, 3), bottom: randInt(rng, 0, 3), right: randInt(rng, 0, 3) };
  return { x: randInt8(rng, xShape[0] * xShape[1] * xShape[2]), xShape, scale: randScale(rng), zp: randZp(rng), attrs: { pad: p } };
}

describe('padInt8', () => {
  test(`matches the slow path and the float reference on ${CASES} random cases`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const [h, w, ch] = c.xShape;
      const { top, left, bottom, right } = c.attrs.pad;
      const oh = h + top + bottom;
      const ow = w + left + right;
      const want: number[] = [];
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          for (let k = 0; k < ch; k++) {
            const iy = y - top;
            const ix = x - left;
            want.push(iy >= 0 && iy < h && ix >= 0 && ix < w ? c.x[(iy * w + ix) * ch + k] : c.zp);
          }
        }
      }
      const got = padInt8(c.x, c.xShape, actParams(c.scale, c.zp), c.attrs);
      expectBitExact(`case ${seed}`, got, want);
      expectWithin(`case ${seed} (float)`, dequant(got, c.scale, c.zp), pad(dequant(c.x, c.scale, c.zp), c.xShape, c.attrs), () => 0);
    }
  });

  test('rejects negative padding and bad parameters', () => {
    const x = Int8Array.from([1]);
    expect(() => padInt8(x, [1, 1, 1], actParams(1, 0), { pad: { top: -1, left: 0, bottom: 0, right: 0 } })).toThrow(/non-negative/);
    expect(() => padInt8(x, [1, 1, 1], undefined, { pad: { top: 0, left: 0, bottom: 0, right: 0 } })).toThrow(/quantization/);
  });
});
