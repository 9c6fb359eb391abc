/**
 * pool2dInt8: max and average pooling bit-exact against a slow path (exact rational rounding of the average),
 * and against the float reference on dequantized data (max exact, average within half a step).
 */
import { FusedClamp, NO_CLAMP, OpAttrsByKind } from '../../../src/ir/types';
import { pool2d } from '../../../src/reference/float/pool2d';
import { pool2dInt8 } from '../../../src/reference/int8/pool2d';

import { actParams, dequant, expectBitExact, expectWithin, mulberry32, outLen, randClamp, randInt, randInt8, randScale, randZp, refActRange, saturateToInt8 } from './slow';

interface PoolCase {
  x: Int8Array;
  xShape: number[];
  scale: number;
  zp: number;
  attrs: OpAttrsByKind['pool2d'];
  clamp: FusedClamp;
}

function makeCase(seed: number): PoolCase {
  const rng = mulberry32(3000 + seed);
  const type = seed % 2 === 0 ? 'max' : 'avg';
  const ph = randInt(rng, 1, 4);
  const pw = randInt(rng, 1, 4);
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  // Mostly TF-like padding (< pool size); sometimes padding ≥ the pool size, which yields windows with no cell.
  const maxPad = (k: number): number => (rng() < 0.1 ? k + 1 : k - 1);
  const pad = { top: randInt(rng, 0, maxPad(ph)), left: randInt(rng, 0, maxPad(pw)), bottom: randInt(rng, 0, maxPad(ph)), right: randInt(rng, 0, maxPad(pw)) };
  let ih = randInt(rng, 1, 9);
  let iw = randInt(rng, 1, 9);
  while (outLen(ih, ph, strides[0], 1, pad.top, pad.bottom) < 1) ih++;
  while (outLen(iw, pw, strides[1], 1, pad.left, pad.right) < 1) iw++;
  const c = randInt(rng, 1, 4);
  const scale = randScale(rng);
  const zp = randZp(rng);
  const mode = rng();
  const n = ih * iw * c;
  // Constant −128 / 127 inputs drive the sums to their extremes; narrow ranges make exact .5 ties frequent.
  const x = mode < 0.1 ? new Int8Array(n).fill(-128) : mode < 0.2 ? new Int8Array(n).fill(127) : mode < 0.5 ? randInt8(rng, n, -3, 3) : randInt8(rng, n);
  const clamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, scale, zp);
  return { x, xShape: [ih, iw, c], scale, zp, attrs: { type, pool: [ph, pw], strides, pad }, clamp };
}

/** Slow path: average = sign·floor((2|sum| + count) / (2·count)) (nearest, halves away from zero). */
function slowPool(p: PoolCase): { y: number[]; empty: number; ties: number } {
  const [ih, iw, c] = p.xShape;
  const { pool, strides, pad, type } = p.attrs;
  const oh = outLen(ih, pool[0], strides[0], 1, pad.top, pad.bottom);
  const ow = outLen(iw, pool[1], strides[1], 1, pad.left, pad.right);
  const act = refActRange(p.clamp, p.scale, p.zp);
  const clampQ = (v: number): number => Math.min(act.max, Math.max(act.min, v));
  const y: number[] = [];
  let empty = 0;
  let ties = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ch = 0; ch < c; ch++) {
        const cells: number[] = [];
        for (let ky = 0; ky < pool[0]; ky++) {
          for (let kx = 0; kx < pool[1]; kx++) {
            const iy = oy * strides[0] - pad.top + ky;
            const ix = ox * strides[1] - pad.left + kx;
            if (iy >= 0 && iy < ih && ix >= 0 && ix < iw) cells.push(p.x[(iy * iw + ix) * c + ch]);
          }
        }
        if (cells.length === 0) {
          empty++;
          y.push(clampQ(p.zp));
          continue;
        }
        if (type === 'max') {
          y.push(clampQ(Math.max(...cells)));
          continue;
        }
        const sum = cells.reduce((a, b) => a + b, 0);
        const cnt = cells.length;
        if ((2 * Math.abs(sum)) % (2 * cnt) === cnt) ties++;
        const mag = Math.floor((2 * Math.abs(sum) + cnt) / (2 * cnt));
        y.push(clampQ(sum < 0 ? -mag : mag));
      }
    }
  }
  return { y, empty, ties };
}

const CASES = 240;

describe('pool2dInt8', () => {
  test(`matches the slow path bit for bit on ${CASES} random cases (max and avg)`, () => {
    let empty = 0;
    let ties = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const p = makeCase(seed);
      const want = slowPool(p);
      expectBitExact(`case ${seed} (${p.attrs.type})`, pool2dInt8(p.x, p.xShape, actParams(p.scale, p.zp), p.attrs, p.clamp), want.y);
      empty += want.empty;
      ties += want.ties;
    }
    expect(empty).toBeGreaterThan(0); // the all-padding windows were exercised
    expect(ties).toBeGreaterThan(50); // and averages landing exactly on .5
  });

  test(`agrees with the float reference on dequantized data (${CASES} cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const p = makeCase(seed);
      const got = dequant(pool2dInt8(p.x, p.xShape, actParams(p.scale, p.zp), p.attrs, p.clamp), p.scale, p.zp);
      const clamped = pool2d(dequant(p.x, p.scale, p.zp), p.xShape, p.attrs).map((v) => Math.min(p.clamp.max, Math.max(p.clamp.min, v)));
      const ref = saturateToInt8(clamped, p.scale, p.zp); // a clamp may lie beyond the representable range
      // Max: exact without a clamp; a clamp bound is quantized to within half a step. Average: half a step.
      const exact = p.attrs.type === 'max' && p.clamp === NO_CLAMP;
      // Float32 roundings: the dequantized inputs (2^−24 of the largest), the mean and the output (2^−24 each).
      const xMax = dequant(p.x, p.scale, p.zp).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expectWithin(`case ${seed} (${p.attrs.type})`, got, ref, (i) => (exact ? 0 : 0.5 * p.scale + 2 ** -22 * (xMax + Math.abs(ref[i]))));
    }
  });

  test("TFLite's average rounding: halves away from zero on the raw int8 values", () => {
    const attrs: OpAttrsByKind['pool2d'] = { type: 'avg', pool: [1, 2], strides: [1, 2], pad: { top: 0, left: 0, bottom: 0, right: 0 } };
    const x = Int8Array.from([1, 2, -1, -2, 0, -1, 127, 126, -128, -127]);
    // (1+2)/2 = 1.5 → 2; (−1−2)/2 = −1.5 → −2; −0.5 → −1; 126.5 → 127; −127.5 → −128.
    expect(Array.from(pool2dInt8(x, [1, 10, 1], actParams(0.1, 5), attrs))).toEqual([2, -2, -1, 127, -128]);
    // 3-cell windows at the border (padding excluded from the count): (4 + 5)/2 = 4.5 → 5.
    const y = pool2dInt8(Int8Array.from([4, 5, 9]), [1, 3, 1], actParams(1, 0), { type: 'avg', pool: [1, 3], strides: [1, 1], pad: { top: 0, left: 1, bottom: 0, right: 1 } });
    expect(Array.from(y)).toEqual([5, 6, 7]); // 4.5 → 5, 6, 7
  });

  test('max pooling ignores padding and applies the clamp', () => {
    const attrs: OpAttrsByKind['pool2d'] = { type: 'max', pool: [2, 2], strides: [1, 1], pad: { top: 1, left: 1, bottom: 0, right: 0 } };
    const x = Int8Array.from([-100, -90, -80, -70]);
    expect(Array.from(pool2dInt8(x, [2, 2, 1], actParams(1, 0), attrs))).toEqual([-100, -90, -80, -70]);
    // ReLU with zp −60: act_min = −60.
    expect(Array.from(pool2dInt8(x, [2, 2, 1], actParams(1, -60), attrs, { min: 0, max: Infinity }))).toEqual([-60, -60, -60, -60]);
  });
});
