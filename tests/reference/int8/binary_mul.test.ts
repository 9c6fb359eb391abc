/**
 * mulInt8: bit-exact against a BigInt slow path (multiplier (double)s1·s2/s_out), with broadcasting, extreme
 * scales and zero points; within one output step of the float reference on dequantized data.
 */
import { FusedClamp } from '../../../src/ir/types';
import { binary } from '../../../src/reference/float/binary';
import { mulInt8, mulMultiplier } from '../../../src/reference/int8/binary_mul';
import {
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f32Div,
  f32Mul,
  f64MulDiv,
  logUniform,
  mulberry32,
  pick,
  randClamp,
  randInt,
  randInt8,
  randScale,
  randZp,
  refActRange,
  refQuantizeMultiplier,
  refRequant,
  saturateToInt8,
  wrap32,
} from './slow';

interface MulCase {
  a: Int8Array;
  b: Int8Array;
  s1: number;
  zp1: number;
  s2: number;
  zp2: number;
  sOut: number;
  zpOut: number;
  clamp: FusedClamp;
}

function makeCase(seed: number): MulCase {
  const rng = mulberry32(5000 + seed);
  const n = randInt(rng, 1, 48);
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const shape = pick(rng, ['same', 'same', 'b-small', 'a-small']);
  const na = shape === 'a-small' ? pick(rng, divisors) : n;
  const nb = shape === 'b-small' ? pick(rng, divisors) : n;
  const s1 = randScale(rng);
  const s2 = randScale(rng);
  const u = rng();
  let sOut = u < 0.1 ? Math.fround(1e-6) : u < 0.2 ? Math.fround(100) : Math.fround(Math.max(1e-6, s1 * s2 * 128 * 128 * logUniform(rng, 0.0005, 0.05)));
  if (f64MulDiv(s1, s2, sOut) >= 2 ** 31) sOut = Math.fround(100); // the kernel rejects it (tested below)
  const zp1 = randZp(rng);
  const zp2 = randZp(rng);
  const zpOut = randZp(rng);
  const data = (len: number): Int8Array => {
    const m = rng();
    return m < 0.1 ? new Int8Array(len).fill(m < 0.05 ? -128 : 127) : randInt8(rng, len);
  };
  return { a: data(na), b: data(nb), s1, zp1, s2, zp2, sOut, zpOut, clamp: randClamp(rng, sOut, zpOut) };
}

function slowMul(c: MulCase): { y: number[]; overflow: boolean[] } {
  const mq = refQuantizeMultiplier(f64MulDiv(c.s1, c.s2, c.sOut));
  const act = refActRange(c.clamp, c.sOut, c.zpOut);
  const n = Math.max(c.a.length, c.b.length);
  const y: number[] = [];
  const overflow: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const p = BigInt((c.a[i % c.a.length] - c.zp1) * (c.b[i % c.b.length] - c.zp2));
    const r = refRequant(p, mq);
    y.push(clampInt(wrap32(r.y + BigInt(c.zpOut)), act.min, act.max));
    overflow.push(r.overflow);
  }
  return { y, overflow };
}

function runFast(c: MulCase): Int8Array {
  return mulInt8(c.a, actParams(c.s1, c.zp1), c.b, actParams(c.s2, c.zp2), actParams(c.sOut, c.zpOut), { fn: 'mul', clamp: c.clamp });
}

const CASES = 300;

describe('mulInt8', () => {
  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let saturated = 0;
    let overflowed = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const want = slowMul(c);
      expectBitExact(`case ${seed}`, runFast(c), want.y);
      saturated += want.y.filter((v) => v === -128 || v === 127).length;
      overflowed += want.overflow.filter(Boolean).length;
    }
    expect(saturated).toBeGreaterThan(200);
    expect(overflowed).toBeGreaterThan(0); // multipliers > 1 whose left shift wraps, like the C
  });

  test(`is within one output step of the float reference on dequantized data (${CASES} cases)`, () => {
    let compared = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const slow = slowMul(c);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const ref = saturateToInt8(binary(dequant(c.a, c.s1, c.zp1), dequant(c.b, c.s2, c.zp2), { fn: 'mul', clamp: c.clamp }), c.sOut, c.zpOut);
      compared += expectWithin(`case ${seed}`, got, ref, (i) => c.sOut + 2 ** -21 * Math.abs(ref[i]), (i) => slow.overflow[i]);
    }
    expect(compared).toBeGreaterThan(3000);
  });

  test('hand-computed product and the multiplier limit', () => {
    // (3 − 1)·0.5 × (−2 − 0)·0.25 = 1 × −0.5 = −0.5; s_out 0.25, zp 3 ⇒ −2 + 3 = 1.
    const clamp = { min: -Infinity, max: Infinity };
    expect(Array.from(mulInt8(Int8Array.from([3]), actParams(0.5, 1), Int8Array.from([-2]), actParams(0.25, 0), actParams(0.25, 3), { fn: 'mul', clamp }))).toEqual([1]);
    expect(() => mulInt8(Int8Array.from([3]), actParams(100, 0), Int8Array.from([3]), actParams(100, 0), actParams(1e-6, 0), { fn: 'mul', clamp })).toThrow(RangeError);
    expect(() => mulInt8(Int8Array.from([3]), actParams(1, 0), Int8Array.from([3]), actParams(1, 0), actParams(1, 0), { fn: 'add', clamp })).toThrow(/mul/);
  });

  test('the multiplier is QuantizeMultiplier of the double (double)s1·s2/s_out (TFLM), on 5000 random scale triples', () => {
    const rng = mulberry32(123);
    let floatDiffers = 0;
    for (let t = 0; t < 5000; t++) {
      const s1 = randScale(rng);
      const s2 = randScale(rng);
      const sOut = randScale(rng);
      const real = f64MulDiv(s1, s2, sOut);
      if (real >= 2 ** 31) {
        expect(() => mulMultiplier(s1, s2, sOut)).toThrow(RangeError);
        continue;
      }
      const want = refQuantizeMultiplier(real);
      expect(mulMultiplier(s1, s2, sOut)).toEqual({ multiplier: Number(want.m), shift: want.shift });
      // Upstream TFLite's float32 computation would give another multiplier this often:
      const f = refQuantizeMultiplier(f32Div(f32Mul(s1, s2), sOut));
      if (f.m !== want.m || f.shift !== want.shift) floatDiffers++;
    }
    expect(floatDiffers).toBeGreaterThan(100);
  });
});
