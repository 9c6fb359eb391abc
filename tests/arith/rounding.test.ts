/**
 * The 'single' and 'shift' rounding modes of addInt8, mulInt8, concatInt8 / requantizeInt8 and their prepare
 * helpers, bit-exact against BigInt transcriptions written here from src/quantize/rounding.ts's definitions
 * (TFLITE_SINGLE_ROUNDING: (x·M0 + 2^(30−shift)) >> (31−shift); dynamic fixed point: x·2^k or
 * (x + 2^(−k−1)) >> −k), and the default mode unchanged by an explicit { rounding: 'double' }.
 */
import { FusedClamp, NO_CLAMP } from '../../src/ir/types';
import { Rounding } from '../../src/arith/rounding';
import { addInt8, addSubMultipliers } from '../../src/reference/int8/binary_add';
import { concatInt8, requantPlan, requantizeInt8, requantizeMultiplier } from '../../src/reference/int8/concat';
import { mulInt8, mulMultiplier } from '../../src/reference/int8/binary_mul';
import {
  Rng,
  actParams,
  clampInt,
  expectBitExact,
  f32Div,
  f64Div,
  f64MulDiv,
  mulberry32,
  randClamp,
  randInt,
  randInt8,
  randScale,
  randZp,
  refActRange,
  refQuantizeMultiplier,
  wrap32,
} from '../reference/int8/slow';

type Mode = Exclude<Rounding, 'double'>;
interface SlowM {
  m: bigint;
  shift: number;
}

/** The mode's encoding of a real, or a reason it is rejected. */
function slowMultiplier(real: number, mode: Mode): SlowM | string {
  if (mode === 'shift') {
    const k = Math.log2(real);
    if (!Number.isInteger(k) || k < -62 || k > 30) return `${real} is not a power of two in range`;
    return { m: 1n << 30n, shift: k + 1 };
  }
  const q = refQuantizeMultiplier(real);
  return q.shift > 30 ? { m: 2147483647n, shift: 30 } : q;
}

function slowApply(x: bigint, m: SlowM, mode: Mode): bigint {
  if (mode === 'single') {
    const t = BigInt(31 - m.shift);
    return wrap32((x * m.m + (1n << (t - 1n))) >> t);
  }
  const k = m.shift - 1;
  if (k >= 0) return wrap32(x << BigInt(k));
  const r = BigInt(-k);
  return (x + (1n << (r - 1n))) >> r; // BigInt >> floors: ties towards +∞
}

const MODES: Mode[] = ['single', 'shift'];
const scaleFor = (rng: Rng, mode: Mode): number => (mode === 'shift' ? 2 ** randInt(rng, -20, 7) : randScale(rng));
const CASES = 200;

function expectSame(m: { multiplier: number; shift: number }, s: SlowM | string): void {
  if (typeof s === 'string') throw new Error(s);
  expect([m.multiplier, m.shift]).toEqual([Number(s.m), s.shift]);
}

describe.each(MODES)('rounding %s', (mode) => {
  test(`addInt8 and addSubMultipliers match the slow path (${CASES} cases)`, () => {
    let done = 0;
    let saturated = 0;
    for (let seed = 1; done < CASES; seed++) {
      const rng = mulberry32(seed);
      const fn = seed % 2 ? 'add' : 'sub';
      const q1 = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
      const q2 = { scale: scaleFor(rng, mode), zeroPoint: randZp(rng) };
      const tm = 2 * Math.max(q1.scale, q2.scale);
      const qo = { scale: mode === 'shift' ? 2 ** Math.max(Math.log2(tm) + randInt(rng, -20, 4), -24) : Math.fround(tm * 2 ** (rng() * 24 - 20)), zeroPoint: randZp(rng) };
      const div = fn === 'add' ? f64Div : f32Div;
      const reals = [div(q1.scale, tm), div(q2.scale, tm), div(tm, 2 ** 20 * qo.scale)];
      const ms = reals.map((r) => (r > 0 && r < 1 ? slowMultiplier(r, mode) : 'not in (0, 1)'));
      const rejected = ms.some((m) => typeof m === 'string' || m.shift > 0);
      if (rejected) {
        expect(() => addSubMultipliers(fn, q1, q2, qo, mode)).toThrow(RangeError);
        continue;
      }
      const [m1, m2, mo] = ms as SlowM[];
      const got = addSubMultipliers(fn, q1, q2, qo, mode);
      expectSame(got.input1, m1);
      expectSame(got.input2, m2);
      expectSame(got.output, mo);
      const clamp: FusedClamp = rng() < 0.5 ? NO_CLAMP : randClamp(rng, qo.scale, qo.zeroPoint);
      const n = randInt(rng, 1, 32);
      const a = randInt8(rng, n);
      const b = randInt8(rng, rng() < 0.3 ? 1 : n);
      const act = refActRange(clamp, qo.scale, qo.zeroPoint);
      const want = Array.from({ length: n }, (_, i) => {
        const u1 = slowApply(BigInt(a[i] - q1.zeroPoint) << 20n, m1, mode);
        const u2 = slowApply(BigInt(b[i % b.length] - q2.zeroPoint) << 20n, m2, mode);
        return clampInt(wrap32(slowApply(wrap32(fn === 'add' ? u1 + u2 : u1 - u2), mo, mode) + BigInt(qo.zeroPoint)), act.min, act.max);
      });
      const got2 = addInt8(a, actParams(q1.scale, q1.zeroPoint), b, actParams(q2.scale, q2.zeroPoint), actParams(qo.scale, qo.zeroPoint), { fn, clamp }, n, { rounding: mode });
      expectBitExact(`add case ${seed}`, got2, want);
      saturated += want.filter((v) => v === -128 || v === 127).length;
      done++;
    }
    expect(saturated).toBeGreaterThan(50);
  });

  test(`mulInt8 and mulMultiplier match the slow path (${CASES} cases)`, () => {
    let done = 0;
    for (let seed = 1; done < CASES; seed++) {
      const rng = mulberry32(1000 + seed);
      const [s1, s2, so] = [scaleFor(rng, mode), scaleFor(rng, mode), scaleFor(rng, mode)];
      const real = f64MulDiv(s1, s2, so);
      const m = real < 2 ** 31 ? slowMultiplier(real, mode) : 'too large';
      if (typeof m === 'string') {
        expect(() => mulMultiplier(s1, s2, so, mode)).toThrow(RangeError);
        continue;
      }
      expectSame(mulMultiplier(s1, s2, so, mode), m);
      const [z1, z2, zo] = [randZp(rng), randZp(rng), randZp(rng)];
      const a = randInt8(rng, 16);
      const b = randInt8(rng, 16);
      const want = Array.from(a, (v, i) => clampInt(wrap32(slowApply(BigInt((v - z1) * (b[i] - z2)), m, mode) + BigInt(zo)), -128, 127));
      expectBitExact(`mul case ${seed}`, mulInt8(a, actParams(s1, z1), b, actParams(s2, z2), actParams(so, zo), { fn: 'mul', clamp: NO_CLAMP }, 16, { rounding: mode }), want);
      done++;
    }
  });

  test(`requantizeInt8 / concatInt8 / requantPlan match the slow path (${CASES} cases)`, () => {
    let done = 0;
    for (let seed = 1; done < CASES; seed++) {
      const rng = mulberry32(2000 + seed);
      const [si, so, zi, zo] = [scaleFor(rng, mode), scaleFor(rng, mode), randZp(rng), randZp(rng)];
      const real = f64Div(si, so);
      const m = real < 2 ** 31 ? slowMultiplier(real, mode) : 'too large';
      if (typeof m === 'string') {
        expect(() => requantizeMultiplier(si, so, mode)).toThrow(RangeError);
        continue;
      }
      const plan = requantPlan({ scale: si, zeroPoint: zi }, { scale: so, zeroPoint: zo }, mode);
      if (si === so && zi === zo) expect(plan.copy).toBe(true);
      else expectSame(plan.multiplier, m);
      const x = randInt8(rng, 24);
      const want = Array.from(x, (v) => (plan.copy ? v : clampInt(wrap32(slowApply(BigInt(v - zi), m, mode) + BigInt(zo)), -128, 127)));
      expectBitExact(`requantize case ${seed}`, requantizeInt8(x, actParams(si, zi), actParams(so, zo), { rounding: mode }), want);
      // concat: this input next to a copied one, along the last axis of [4, 6].
      const other = randInt8(rng, 8);
      const cat = concatInt8([x, other], [[4, 6], [4, 2]], [actParams(si, zi), actParams(so, zo)], actParams(so, zo), { axis: 1 }, { rounding: mode });
      const wantCat: number[] = [];
      for (let r = 0; r < 4; r++) wantCat.push(...want.slice(r * 6, r * 6 + 6), ...other.slice(r * 2, r * 2 + 2));
      expectBitExact(`concat case ${seed}`, cat, wantCat);
      done++;
    }
  });
});

describe('shift mode needs powers of two; double stays the default', () => {
  test('non-power-of-two scale ratios are rejected in shift mode only', () => {
    const q = (scale: number, zeroPoint = 0): { scale: number; zeroPoint: number } => ({ scale, zeroPoint });
    expect(() => mulMultiplier(0.5, 0.3, 0.25, 'shift')).toThrow(RangeError);
    expect(() => requantizeMultiplier(0.3, 0.25, 'shift')).toThrow(RangeError);
    expect(() => addSubMultipliers('add', q(0.3), q(0.25), q(0.5), 'shift')).toThrow(RangeError);
    expect(mulMultiplier(0.5, 0.25, 2, 'shift')).toEqual({ multiplier: 2 ** 30, shift: -3 }) // 2^−4;
    // Equal parameters are a copy even when nothing is a power of two.
    expect(requantPlan(q(0.3, 5), q(0.3, 5), 'shift').copy).toBe(true);
  });

  test('{ rounding: "double" } equals the default on random add / mul / concat cases', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(3000 + seed);
      const [s1, s2, so] = [randScale(rng), randScale(rng), randScale(rng)];
      const [z1, z2, zo] = [randZp(rng), randZp(rng), randZp(rng)];
      const a = randInt8(rng, 12);
      const b = randInt8(rng, 12);
      const args = [a, actParams(s1, z1), b, actParams(s2, z2), actParams(so, zo)] as const;
      const big = Math.fround(2 * Math.max(s1, s2));
      const addArgs = [a, actParams(s1, z1), b, actParams(s2, z2), actParams(big, zo)] as const;
      expect(addInt8(...addArgs, { fn: 'add', clamp: NO_CLAMP }, 12, { rounding: 'double' })).toEqual(addInt8(...addArgs, { fn: 'add', clamp: NO_CLAMP }));
      if (f64MulDiv(s1, s2, so) < 2 ** 30) {
        expect(mulInt8(...args, { fn: 'mul', clamp: NO_CLAMP }, 12, { rounding: 'double' })).toEqual(mulInt8(...args, { fn: 'mul', clamp: NO_CLAMP }));
      }
      if (s1 / so < 2 ** 30) {
        const c = (o?: { rounding: Rounding }): Int8Array => concatInt8([a, b], [[12], [12]], [actParams(s1, z1), actParams(so, zo)], actParams(so, zo), { axis: 0 }, o);
        expect(c({ rounding: 'double' })).toEqual(c());
      }
    }
  });
});
