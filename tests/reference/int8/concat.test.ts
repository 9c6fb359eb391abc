/**
 * concatInt8: copies inputs that share the output's parameters and requantizes the others like TFLM's
 * QUANTIZE (int8 → int8); bit-exact against a slow path that addresses elements by coordinates, and within one
 * output step of the float reference.
 */
import { QuantParams } from '../../../src/ir/types';
import { concat } from '../../../src/reference/float/concat';
import { concatInt8, requantizeMultiplier } from '../../../src/reference/int8/concat';
import {
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f64Div,
  logUniform,
  mulberry32,
  randInt,
  randInt8,
  randScale,
  randZp,
  refQuantizeMultiplier,
  refRequant,
  saturateToInt8,
  wrap32,
} from './slow';

interface ConcatCase {
  xs: Int8Array[];
  shapes: number[][];
  scales: number[];
  zps: number[];
  sOut: number;
  zpOut: number;
  axis: number;
}

function makeCase(seed: number): ConcatCase {
  const rng = mulberry32(6000 + seed);
  const rank = randInt(rng, 1, 4);
  const base = Array.from({ length: rank }, () => randInt(rng, 1, 4));
  const ax = randInt(rng, 0, rank - 1);
  const count = randInt(rng, 1, 4);
  const sOut = randScale(rng);
  const zpOut = randZp(rng);
  const shapes: number[][] = [];
  const xs: Int8Array[] = [];
  const scales: number[] = [];
  const zps: number[] = [];
  for (let k = 0; k < count; k++) {
    const s = base.slice();
    s[ax] = randInt(rng, 1, 4);
    shapes.push(s);
    xs.push(randInt8(rng, s.reduce((a, b) => a * b, 1)));
    const u = rng();
    if (u < 0.4) {
      scales.push(sOut); // shared parameters: a plain copy
      zps.push(zpOut);
    } else {
      // Requantized: nearby scales (typical), or anything from 1e-6 to 100 (saturating / wrapping ratios).
      let s1 = u < 0.75 ? Math.fround(sOut * logUniform(rng, 0.3, 3)) : randScale(rng);
      if (f64Div(s1, sOut) >= 2 ** 31) s1 = Math.fround(sOut * 1000);
      scales.push(s1);
      zps.push(u < 0.5 ? zpOut : randZp(rng));
    }
  }
  return { xs, shapes, scales, zps, sOut, zpOut, axis: rng() < 0.3 ? ax - rank : ax };
}

/** Slow path: for each output coordinate find the input along the axis and convert the element. */
function slowConcat(c: ConcatCase): { y: number[]; overflow: boolean[]; requantized: number } {
  const rank = c.shapes[0].length;
  const ax = c.axis < 0 ? c.axis + rank : c.axis;
  const outShape = c.shapes[0].slice();
  outShape[ax] = c.shapes.reduce((a, s) => a + s[ax], 0);
  const total = outShape.reduce((a, b) => a * b, 1);
  const y: number[] = [];
  const overflow: boolean[] = [];
  let requantized = 0;
  for (let flat = 0; flat < total; flat++) {
    const coord: number[] = [];
    let r = flat;
    for (let d = rank - 1; d >= 0; d--) {
      coord[d] = r % outShape[d];
      r = Math.floor(r / outShape[d]);
    }
    let k = 0;
    let along = coord[ax];
    while (along >= c.shapes[k][ax]) along -= c.shapes[k++][ax];
    const s = c.shapes[k];
    let idx = 0;
    for (let d = 0; d < rank; d++) idx = idx * s[d] + (d === ax ? along : coord[d]);
    const q = c.xs[k][idx];
    if (c.scales[k] === c.sOut && c.zps[k] === c.zpOut) {
      y.push(q);
      overflow.push(false);
      continue;
    }
    requantized++;
    const res = refRequant(BigInt(q - c.zps[k]), refQuantizeMultiplier(f64Div(c.scales[k], c.sOut)));
    y.push(clampInt(wrap32(res.y + BigInt(c.zpOut)), -128, 127));
    overflow.push(res.overflow);
  }
  return { y, overflow, requantized };
}

function runFast(c: ConcatCase): Int8Array {
  const quants: QuantParams[] = c.scales.map((s, k) => actParams(s, c.zps[k]));
  return concatInt8(c.xs, c.shapes, quants, actParams(c.sOut, c.zpOut), { axis: c.axis });
}

const CASES = 200;

describe('concatInt8', () => {
  test(`matches the slow path bit for bit on ${CASES} random cases`, () => {
    let requantized = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const want = slowConcat(c);
      expectBitExact(`case ${seed}`, runFast(c), want.y);
      requantized += want.requantized;
    }
    expect(requantized).toBeGreaterThan(1000);
  });

  test(`is within one output step of the float reference on dequantized data (${CASES} cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const slow = slowConcat(c);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const ref = saturateToInt8(concat(c.xs.map((x, k) => dequant(x, c.scales[k], c.zps[k])), c.shapes, { axis: c.axis }), c.sOut, c.zpOut);
      expectWithin(`case ${seed}`, got, ref, (i) => c.sOut + 2 ** -22 * Math.abs(ref[i]), (i) => slow.overflow[i]);
    }
  });

  test('copies inputs with the output parameters and requantizes the others', () => {
    const a = Int8Array.from([1, 2]);
    const b = Int8Array.from([10, -10]);
    // b: scale 0.5 vs output 1 ⇒ (q − 4)·0.5: 3, −7; output zp 0.
    const y = concatInt8([a, b], [[2], [2]], [actParams(1, 0), actParams(0.5, 4)], actParams(1, 0), { axis: 0 });
    expect(Array.from(y)).toEqual([1, 2, 3, -7]);
    // Ties with multiplier 0.5 (M0 = 2^30, shift 0): only SaturatingRoundingDoublingHighMul rounds, and its
    // ties go towards +∞: 2.5 → 3 but −2.5 → −2.
    expect(Array.from(concatInt8([Int8Array.from([5, -5])], [[2]], [actParams(0.5, 0)], actParams(1, 0), { axis: -1 }))).toEqual([3, -2]);
    // Multiplier 0.25 (shift −1): RoundingDivideByPOT rounds last, halves away from zero (2.5 → 3, −2.5 → −3);
    // and the double rounding shows: 5·0.25 = 1.25 becomes round(2.5) = 3, then round(1.5) = 2.
    expect(Array.from(concatInt8([Int8Array.from([10, -10, 5, -5])], [[4]], [actParams(0.25, 0)], actParams(1, 0), { axis: 0 }))).toEqual([3, -3, 2, -1]);
  });

  test('requantization multiplier: QuantizeMultiplier((double)s_in / (double)s_out), on 5000 random pairs', () => {
    const rng = mulberry32(321);
    for (let t = 0; t < 5000; t++) {
      const sIn = randScale(rng);
      const sOut = randScale(rng);
      const want = refQuantizeMultiplier(f64Div(sIn, sOut));
      expect(requantizeMultiplier(sIn, sOut)).toEqual({ multiplier: Number(want.m), shift: want.shift });
    }
    expect(() => requantizeMultiplier(100, 1e-8)).toThrow(RangeError);
  });
});
