/**
 * minMaxInt8: bit-exact against a slow path (BigInt double-rounding QUANTIZE of each operand, then max/min, then
 * the fused clamp) with broadcasting and extreme ratios, and within one output step of the float reference.
 */
import { NO_CLAMP } from '../../../src/ir/types';
import { binary } from '../../../src/reference/float/binary';
import { minMaxInt8 } from '../../../src/reference/int8/binary_minmax';
import {
  actParams, clampInt, dequant, expectBitExact, expectWithin, f64Div, mulberry32, pick, randClamp, randInt, randInt8, randScale, randZp,
  refActRange, refQuantizeMultiplier, refRequant, saturateToInt8, wrap32,
} from './slow';

function makeCase(seed: number) {
  const rng = mulberry32(7000 + seed);
  const fn = seed % 2 ? ('max' as const) : ('min' as const);
  const n = randInt(rng, 1, 40);
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const so = randScale(rng);
  const zo = randZp(rng);
  const operand = (): { s: number; z: number } => (rng() < 0.3 ? { s: so, z: zo } : { s: pick(rng, [randScale(rng), Math.fround(so * 1.1)]), z: randZp(rng) });
  const qa = operand();
  const qb = operand();
  const a = randInt8(rng, rng() < 0.3 ? pick(rng, divisors) : n);
  const b = randInt8(rng, rng() < 0.3 ? pick(rng, divisors) : n);
  const clamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, so, zo);
  return { fn, n, so, zo, qa, qb, a, b, clamp };
}

describe('minMaxInt8', () => {
  test('matches the slow path bit for bit (300 cases)', () => {
    let requantized = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = makeCase(seed);
      const to = (q: number, p: { s: number; z: number }): number => {
        if (p.s === c.so && p.z === c.zo) return q;
        const m = refQuantizeMultiplier(f64Div(p.s, c.so));
        return clampInt(wrap32(refRequant(BigInt(q - p.z), m).y + BigInt(c.zo)), -128, 127);
      };
      if (f64Div(c.qa.s, c.so) >= 2 ** 31 || f64Div(c.qb.s, c.so) >= 2 ** 31) continue;
      requantized += c.qa.s !== c.so || c.qa.z !== c.zo ? 1 : 0;
      const act = refActRange(c.clamp, c.so, c.zo);
      const want = Array.from({ length: c.n }, (_, i) => {
        const u = to(c.a[i % c.a.length], c.qa);
        const v = to(c.b[i % c.b.length], c.qb);
        return Math.min(act.max, Math.max(act.min, c.fn === 'max' ? Math.max(u, v) : Math.min(u, v)));
      });
      const got = minMaxInt8(c.a, actParams(c.qa.s, c.qa.z), c.b, actParams(c.qb.s, c.qb.z), actParams(c.so, c.zo), { fn: c.fn, clamp: c.clamp }, c.n);
      expectBitExact(`case ${seed}`, got, want);
    }
    expect(requantized).toBeGreaterThan(100);
  });

  test('is within one output step of the float reference (300 cases)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const c = makeCase(seed);
      // Ratios whose left shift can wrap int32 (like the C) give no accuracy guarantee.
      if (f64Div(c.qa.s, c.so) * 256 >= 2 ** 31 || f64Div(c.qb.s, c.so) * 256 >= 2 ** 31) continue;
      const got = dequant(minMaxInt8(c.a, actParams(c.qa.s, c.qa.z), c.b, actParams(c.qb.s, c.qb.z), actParams(c.so, c.zo), { fn: c.fn, clamp: c.clamp }, c.n), c.so, c.zo);
      const expand = (x: Int8Array): Int8Array => Int8Array.from({ length: c.n }, (_, i) => x[i % x.length]);
      const A = dequant(expand(c.a), c.qa.s, c.qa.z);
      const B = dequant(expand(c.b), c.qb.s, c.qb.z);
      const ref = saturateToInt8(binary(A, B, { fn: c.fn, clamp: c.clamp }), c.so, c.zo);
      // A requantization errs by < 1 step (double rounding: SRDHM then RoundingDivideByPOT can round twice the
      // same way), a quantized clamp bound by ½ step; float32 slack.
      expectWithin(`case ${seed}`, got, ref, (i) => c.so + 1e-5 * Math.abs(ref[i]));
    }
  });

  test('rejects other functions and operands that do not repeat', () => {
    const q = actParams(0.1, 0);
    expect(() => minMaxInt8(new Int8Array(2), q, new Int8Array(2), q, q, { fn: 'add', clamp: NO_CLAMP })).toThrow(/max or min/);
    expect(() => minMaxInt8(new Int8Array(4), q, new Int8Array(3), q, q, { fn: 'max', clamp: NO_CLAMP })).toThrow(/repeat/);
  });
});
