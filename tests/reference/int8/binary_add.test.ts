/**
 * addInt8 (ADD and SUB): bit-exact against a BigInt slow path, including TFLM's float32 multipliers for SUB,
 * broadcasting, extreme scale ratios and zero points; and within the derived error bound of the float
 * reference on dequantized data.
 */
import { BinaryFn, FusedClamp } from '../../../src/ir/types';
import { binary } from '../../../src/reference/float/binary';
import { addInt8, addSubMultipliers } from '../../../src/reference/int8/binary_add';
import {
  RefMultiplier,
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f32Div,
  f64Div,
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

interface AddCase {
  fn: 'add' | 'sub';
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

/** The slow multipliers, or a reason TFLite rejects them (QuantizeMultiplierSmallerThanOneExp's checks). */
function slowMultipliers(fn: 'add' | 'sub', s1: number, s2: number, sOut: number): { m1: RefMultiplier; m2: RefMultiplier; mo: RefMultiplier } | string {
  const twiceMax = 2 * Math.max(s1, s2);
  const div = fn === 'add' ? f64Div : f32Div; // TFLM's SUB divides in float32
  const reals = [div(s1, twiceMax), div(s2, twiceMax), div(twiceMax, 2 ** 20 * sOut)];
  const ms: RefMultiplier[] = [];
  for (const r of reals) {
    if (!(r > 0 && r < 1)) return `real multiplier ${r} not in (0, 1)`;
    const m = refQuantizeMultiplier(r);
    if (m.shift > 0) return `real multiplier ${r} rounds to 1`;
    ms.push(m);
  }
  return { m1: ms[0], m2: ms[1], mo: ms[2] };
}

function makeCase(seed: number): { c: AddCase; rejected: boolean } {
  const rng = mulberry32(4000 + seed);
  const fn = seed % 2 === 0 ? 'add' : 'sub';
  const n = randInt(rng, 1, 48);
  // Broadcast: one operand may be a repeating trailing block (a divisor of n).
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const shape = pick(rng, ['same', 'same', 'b-small', 'a-small']);
  const na = shape === 'a-small' ? pick(rng, divisors) : n;
  const nb = shape === 'b-small' ? pick(rng, divisors) : n;
  const s1 = randScale(rng);
  const s2 = rng() < 0.2 ? s1 : randScale(rng);
  const zp1 = randZp(rng);
  const zp2 = randZp(rng);
  const u = rng();
  let sOut =
    u < 0.08 ? Math.fround(1e-6) : u < 0.16 ? Math.fround(100) : Math.fround((Math.max(s1, s2) * 2) * logUniform(rng, 0.01, 3));
  let rejected = false;
  if (typeof slowMultipliers(fn, s1, s2, sOut) === 'string') {
    rejected = true;
    // The smallest output scales TFLite accepts: real_out just below 1 (the worst case of the error bound), or 2/3.
    sOut = Math.fround(((2 * Math.max(s1, s2)) / 2 ** 20) * pick(rng, [1.0001, 1.5, 4]));
    if (typeof slowMultipliers(fn, s1, s2, sOut) === 'string') sOut = Math.fround(2 * Math.max(s1, s2));
  }
  const zpOut = randZp(rng);
  const data = (len: number, zp: number): Int8Array => {
    const m = rng();
    return m < 0.1 ? new Int8Array(len).fill(m < 0.05 ? -128 : 127) : m < 0.15 ? new Int8Array(len).fill(zp) : randInt8(rng, len);
  };
  const c: AddCase = { fn, a: data(na, zp1), b: data(nb, zp2), s1, zp1, s2, zp2, sOut, zpOut, clamp: randClamp(rng, sOut, zpOut) };
  return { c, rejected };
}

function slowAdd(c: AddCase): number[] {
  const m = slowMultipliers(c.fn, c.s1, c.s2, c.sOut);
  if (typeof m === 'string') throw new Error(m);
  const act = refActRange(c.clamp, c.sOut, c.zpOut);
  const n = Math.max(c.a.length, c.b.length);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const v1 = BigInt(c.a[i % c.a.length] - c.zp1) << 20n;
    const v2 = BigInt(c.b[i % c.b.length] - c.zp2) << 20n;
    const u1 = refRequant(v1, m.m1).y;
    const u2 = refRequant(v2, m.m2).y;
    const raw = wrap32(c.fn === 'add' ? u1 + u2 : u1 - u2);
    y.push(clampInt(wrap32(refRequant(raw, m.mo).y + BigInt(c.zpOut)), act.min, act.max));
  }
  return y;
}

function runFast(c: AddCase): Int8Array {
  return addInt8(c.a, actParams(c.s1, c.zp1), c.b, actParams(c.s2, c.zp2), actParams(c.sOut, c.zpOut), { fn: c.fn as BinaryFn, clamp: c.clamp });
}

const CASES = 300;

describe('addInt8 (ADD and SUB)', () => {
  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let rejected = 0;
    let saturated = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { c, rejected: r } = makeCase(seed);
      if (r) rejected++;
      const want = slowAdd(c);
      const got = runFast(c);
      expectBitExact(`case ${seed} (${c.fn})`, got, want);
      saturated += want.filter((v) => v === -128 || v === 127).length;
    }
    expect(rejected).toBeGreaterThan(5); // output scales TFLite refuses were generated (and replaced)
    expect(saturated).toBeGreaterThan(200);
  });

  test('rejects output scales for which TFLite aborts (real output multiplier ≥ 1)', () => {
    let checked = 0;
    for (let seed = 1; seed <= CASES && checked < 20; seed++) {
      const rng = mulberry32(seed);
      const s1 = randScale(rng);
      const s2 = randScale(rng);
      const sOut = Math.fround(((2 * Math.max(s1, s2)) / 2 ** 20) * logUniform(rng, 0.001, 0.999));
      for (const fn of ['add', 'sub'] as const) {
        expect(typeof slowMultipliers(fn, s1, s2, sOut)).toBe('string');
        expect(() => addInt8(Int8Array.from([1]), actParams(s1, 0), Int8Array.from([1]), actParams(s2, 0), actParams(sOut, 0), { fn, clamp: { min: -Infinity, max: Infinity } })).toThrow(RangeError);
      }
      checked++;
    }
    expect(checked).toBe(20);
  });

  test(`is within the derived error bound of the float reference on dequantized data (${CASES} cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const { c } = makeCase(seed);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const a = dequant(c.a, c.s1, c.zp1);
      const b = dequant(c.b, c.s2, c.zp2);
      const ref = saturateToInt8(binary(a, b, { fn: c.fn, clamp: c.clamp }), c.sOut, c.zpOut);
      // Each scaled input is off by ≤ 0.75 raw unit U = 2·max(s1, s2)/2^20 (two roundings), the output by
      // ≤ 0.75 step; the multipliers carry a relative error of 2^−31 (ADD, double reals) or 2^−24 (SUB, float32
      // reals) on the magnitudes they scale; the float reference rounds to float32.
      const U = (2 * Math.max(c.s1, c.s2)) / 2 ** 20;
      const rel = c.fn === 'add' ? 2 ** -30 : 2 ** -23;
      expectWithin(
        `case ${seed} (${c.fn})`,
        got,
        ref,
        (i) => c.sOut + 1.5 * U + rel * (Math.abs(a[i % a.length]) + Math.abs(b[i % b.length]) + Math.abs(ref[i])) + 2 ** -22 * Math.abs(ref[i]),
      );
    }
  });

  test("SUB's multipliers are TFLM's float32 quotients, ADD's are double", () => {
    // s1 / (2·s2) is not a float32 for these scales, so the two ops quantize different reals.
    const q = (s: number) => ({ scale: Math.fround(s), zeroPoint: 0 });
    const add = addSubMultipliers('add', q(0.1), q(0.3), q(0.5));
    const sub = addSubMultipliers('sub', q(0.1), q(0.3), q(0.5));
    expect(add.input1).toEqual(refToNumber(refQuantizeMultiplier(f64Div(Math.fround(0.1), 2 * Math.fround(0.3)))));
    expect(sub.input1).toEqual(refToNumber(refQuantizeMultiplier(f32Div(Math.fround(0.1), 2 * Math.fround(0.3)))));
    expect(add.input1).not.toEqual(sub.input1);
    expect(add.input2).toEqual({ multiplier: 2 ** 30, shift: 0 }); // the larger scale always gets exactly 0.5
    expect(sub.input2).toEqual({ multiplier: 2 ** 30, shift: 0 });
  });

  test('hand-computed: 0.5 + 0.25 and 0.5 − 0.25 with different scales', () => {
    // a: s 0.5, zp 0, q 1 (0.5); b: s 0.25, zp 0, q 1 (0.25); out: s 0.25, zp −10.
    const attrs = (fn: BinaryFn) => ({ fn, clamp: { min: -Infinity, max: Infinity } });
    expect(Array.from(addInt8(Int8Array.from([1]), actParams(0.5, 0), Int8Array.from([1]), actParams(0.25, 0), actParams(0.25, -10), attrs('add')))).toEqual([-7]);
    expect(Array.from(addInt8(Int8Array.from([1]), actParams(0.5, 0), Int8Array.from([1]), actParams(0.25, 0), actParams(0.25, -10), attrs('sub')))).toEqual([-9]);
    expect(() => addInt8(Int8Array.from([1]), actParams(1, 0), Int8Array.from([1]), actParams(1, 0), actParams(1, 0), attrs('mul'))).toThrow(/add or sub/);
  });

  test('addSubMultipliers equal the slow ones (double for ADD, float32 for SUB) on 5000 random scale triples', () => {
    const rng = mulberry32(456);
    let differ = 0;
    let rejected = 0;
    for (let t = 0; t < 5000; t++) {
      const s1 = randScale(rng);
      const s2 = rng() < 0.1 ? s1 : randScale(rng);
      const sOut = randScale(rng);
      const q = (s: number) => ({ scale: s, zeroPoint: 0 });
      const got: Partial<Record<'add' | 'sub', { m: number[] }>> = {};
      for (const fn of ['add', 'sub'] as const) {
        const want = slowMultipliers(fn, s1, s2, sOut);
        if (typeof want === 'string') {
          expect(() => addSubMultipliers(fn, q(s1), q(s2), q(sOut))).toThrow(RangeError);
          rejected++;
          continue;
        }
        const m = addSubMultipliers(fn, q(s1), q(s2), q(sOut));
        expect(m).toEqual({ input1: refToNumber(want.m1), input2: refToNumber(want.m2), output: refToNumber(want.mo) });
        got[fn] = { m: [m.input1.multiplier, m.input2.multiplier, m.output.multiplier] };
      }
      if (got.add && got.sub && got.add.m.some((v, i) => v !== got.sub!.m[i])) differ++;
    }
    expect(differ).toBeGreaterThan(500); // ADD and SUB really quantize different reals
    expect(rejected).toBeGreaterThan(50);
  });
});

function refToNumber(m: RefMultiplier): { multiplier: number; shift: number } {
  return { multiplier: Number(m.m), shift: m.shift };
}
