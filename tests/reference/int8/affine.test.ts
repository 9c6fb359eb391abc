/**
 * affineInt8 (and prepareAffine): bit-exact against a BigInt slow path in every rounding mode on random shapes,
 * axes and scales (powers of two in 'shift' mode), and within one output step of the float affine reference on
 * dequantized data.
 */
import { OpAttrsByKind, QuantParams } from '../../../src/ir/types';
import { Rounding, ROUNDINGS } from '../../../src/arith/rounding';
import { affineInt8 } from '../../../src/reference/int8/affine';
import { prepareAffine } from '../../../src/reference/int8/prepare';
import { checkedMultiplier } from '../../../src/reference/int8/common';
import { affine } from '../../../src/reference/float/affine';
import {
  Rng,
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f64MulDiv,
  logUniform,
  mulberry32,
  pick,
  randClamp,
  randInt,
  randInt32,
  randInt8,
  randScale,
  randZp,
  refActRange,
  saturateToInt8,
  wrap32,
  slowRequant,
} from './slow';

interface AffineCase {
  x: Int8Array;
  shape: number[];
  axis: number;
  scale: Int8Array;
  shift: Int32Array;
  sIn: number;
  zpIn: number;
  sS: number[];
  perChannel: boolean;
  sOut: number;
  zpOut: number;
  attrs: OpAttrsByKind['affine'];
}

const p2 = (rng: Rng, lo: number, hi: number): number => 2 ** randInt(rng, lo, hi);

function makeCase(seed: number, mode: Rounding): AffineCase {
  const rng = mulberry32(3000 + seed);
  const rank = randInt(rng, 1, 4);
  const shape = Array.from({ length: rank }, () => randInt(rng, 1, 5));
  const ax = randInt(rng, 0, rank - 1);
  const c = shape[ax];
  const shift = mode === 'shift';
  const sIn = shift ? p2(rng, -16, 4) : randScale(rng);
  const perChannel = c > 1 && rng() < 0.8;
  const one = (): number => (shift ? p2(rng, -12, 0) : logUniform(rng, 1e-4, 1));
  const s0 = one();
  const sS = perChannel ? Array.from({ length: c }, one) : Array(c).fill(s0);
  // Output scale: real multiplier s_in·s_S/s_out around 2^−31 … 2^12 (the accumulator is at most ~2^31).
  const t = pick(rng, [-32, -31, -20, -12, -8, -6, -4, -2, 0, 4, 12]);
  const sOut = shift ? (sIn * s0) / 2 ** t : Math.fround(((sIn * s0) / 2 ** t) * (0.75 + 0.5 * rng()));
  const zpIn = randZp(rng);
  const zpOut = randZp(rng);
  const n = shape.reduce((a, b) => a * b, 1);
  const u = rng();
  const x = u < 0.1 ? new Int8Array(n).fill(-128) : u < 0.2 ? new Int8Array(n).fill(127) : randInt8(rng, n);
  const scale = rng() < 0.15 ? new Int8Array(c).fill(pick(rng, [-128, -127, 127])) : randInt8(rng, c);
  let clamp = randClamp(rng, sOut, zpOut);
  // ReLU6 / ReLU_N1_TO_1 bounds over a tiny output scale overflow int32 (activationRange throws, like TFLite).
  if (sOut < 2 ** -26 && Number.isFinite(clamp.max) && Math.abs(clamp.max) <= 6) clamp = { min: 0, max: Infinity };
  const bm = rng();
  const shiftQ = randInt32(rng, c, bm < 0.4 ? 3000 : bm < 0.8 ? 2 ** 22 : 2 ** 31 - 1);
  return {
    x,
    shape,
    axis: rng() < 0.3 ? ax - rank : ax,
    scale,
    shift: shiftQ,
    sIn,
    zpIn,
    sS,
    perChannel,
    sOut,
    zpOut,
    attrs: { axis: ax, clamp },
  };
}

function scaleQuant(c: AffineCase): QuantParams {
  return c.perChannel ? { scale: c.sS, zeroPoint: c.sS.map(() => 0), axis: 0 } : { scale: [c.sS[0]], zeroPoint: [0] };
}

/** Every real multiplier fits the mode (< 2^31; ≤ 2^30 for 'shift'), so the case is applicable. */
function applicable(c: AffineCase, mode: Rounding): boolean {
  return c.sS.every((s) => f64MulDiv(c.sIn, s, c.sOut) < (mode === 'shift' ? 2 ** 30 : 2 ** 31));
}

function runFast(c: AffineCase, mode: Rounding): Int8Array {
  return affineInt8(c.x, c.shape, actParams(c.sIn, c.zpIn), c.scale, scaleQuant(c), c.shift, actParams(c.sOut, c.zpOut), { ...c.attrs, axis: c.axis }, { rounding: mode });
}

function slowAffine(c: AffineCase, mode: Rounding): { y: number[]; overflow: boolean[]; mag: number[] } {
  const ax = c.attrs.axis;
  const ch = c.shape[ax];
  const inner = c.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const act = refActRange(c.attrs.clamp, c.sOut, c.zpOut);
  const y: number[] = [];
  const overflow: boolean[] = [];
  const mag: number[] = [];
  for (let i = 0; i < c.x.length; i++) {
    const k = Math.floor(i / inner) % ch;
    const prod = (c.x[i] - c.zpIn) * c.scale[k];
    const exact = BigInt(prod) + BigInt(c.shift[k]);
    const acc = wrap32(exact);
    const r = slowRequant(acc, f64MulDiv(c.sIn, c.sS[k], c.sOut), mode);
    y.push(clampInt(wrap32(r.y + BigInt(c.zpOut)), act.min, act.max));
    overflow.push(r.overflow || acc !== exact);
    mag.push(c.sIn * c.sS[k] * (Math.abs(prod) + Math.abs(c.shift[k])));
  }
  return { y, overflow, mag };
}

const CASES = 200;

describe.each(ROUNDINGS.map((r) => [r]))('affineInt8, rounding %s', (mode) => {
  const m = mode as Rounding;

  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let done = 0;
    let elements = 0;
    let saturated = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed, m);
      if (!applicable(c, m)) continue;
      const got = runFast(c, m);
      expectBitExact(`case ${seed}`, got, slowAffine(c, m).y);
      done++;
      elements += got.length;
      saturated += got.filter((v) => v === -128 || v === 127).length;
    }
    expect(done).toBeGreaterThan(CASES * 0.8);
    expect(elements).toBeGreaterThan(3000);
    expect(saturated).toBeGreaterThan(300);
  });

  test(`is within one output step of the float affine on dequantized data (${CASES} cases)`, () => {
    let compared = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed, m);
      if (!applicable(c, m)) continue;
      const slow = slowAffine(c, m);
      const got = dequant(runFast(c, m), c.sOut, c.zpOut);
      const scaleReal = Float32Array.from(c.scale, (q, k) => c.sS[k] * q);
      const shiftReal = Float32Array.from(c.shift, (q, k) => c.sIn * c.sS[k] * q);
      const ref = saturateToInt8(affine(dequant(c.x, c.sIn, c.zpIn), c.shape, scaleReal, shiftReal, c.attrs), c.sOut, c.zpOut);
      // ≤ 0.75 step of requantization + float32 roundings of the float path (2^−22 of the magnitudes).
      compared += expectWithin(`case ${seed}`, got, ref, (i) => c.sOut + 2 ** -22 * (slow.mag[i] + Math.abs(ref[i])), (i) => slow.overflow[i]);
    }
    expect(compared).toBeGreaterThan(2000);
  });
});

describe('affineInt8 / prepareAffine', () => {
  const noClamp = { min: -Infinity, max: Infinity };

  test('computes (q − zp_in)·scale[c] + shift[c] per channel along a middle axis', () => {
    // Shape [2, 2, 1], axis 1; s_in = 0.5, s_scale = [1, 0.25], s_out = 1 ⇒ M = [0.5, 0.125].
    const x = Int8Array.from([13, 5, 9, -3]);
    const y = affineInt8(x, [2, 2, 1], actParams(0.5, 3), Int8Array.from([2, -4]), { scale: [1, 0.25], zeroPoint: [0, 0], axis: 0 }, Int32Array.from([1, 16]), actParams(1, -10), { axis: 1, clamp: noClamp });
    // acc: (10·2 + 1) = 21 → 10.5 → 11; (2·−4 + 16) = 8 → 1; (6·2 + 1) = 13 → 6.5 → 7; (−6·−4 + 16) = 40 → 5.
    expect(Array.from(y)).toEqual([1, -9, -3, -5]);
    // acc −2 by 0.25: 'double' rounds the tie away from zero (−0.5 → −1), 'single' and 'shift' towards +∞.
    const t = (rounding: Rounding): number =>
      affineInt8(Int8Array.from([-2]), [1], actParams(1, 0), Int8Array.from([1]), actParams(0.25, 0), Int32Array.from([0]), actParams(1, 0), { axis: 0, clamp: noClamp }, { rounding })[0];
    expect([t('double'), t('single'), t('shift')]).toEqual([-1, 0, 0]);
  });

  test('prepareAffine: per-channel multipliers, zero points and the quantized clamp', () => {
    const rq = prepareAffine(actParams(0.5, -7), { scale: [1, 0.25, 2], zeroPoint: [0, 0, 0], axis: 0 }, actParams(0.25, 3), 3, { min: 0, max: 6 }, { rounding: 'shift' });
    expect(Array.from(rq.multiplier)).toEqual([2 ** 30, 2 ** 30, 2 ** 30]);
    expect(Array.from(rq.shift)).toEqual([2, 0, 3]); // 2^1, 2^−1, 2^2 as k + 1
    expect([rq.inZp, rq.outZp, rq.actMin, rq.actMax, rq.perChannel]).toEqual([-7, 3, 3, 27, true]);
    const d = prepareAffine(actParams(0.5, 0), actParams(0.75, 0), actParams(1, 0), 2, noClamp);
    expect(Array.from(d.multiplier)).toEqual([1610612736, 1610612736]); // 0.375 = 0.75·2^−1
    expect(Array.from(d.shift)).toEqual([-1, -1]);
    expect(d.perChannel).toBe(false);
  });

  test('rejects bad parameters and multipliers the rounding mode cannot apply', () => {
    const run = (sq: QuantParams, opts = {}, scale = Int8Array.from([1, 2])) =>
      affineInt8(Int8Array.from([1, 2]), [1, 2], actParams(1, 0), scale, sq, Int32Array.from([0, 0]), actParams(1, 0), { axis: 1, clamp: noClamp }, opts);
    expect(() => run({ scale: [1, 1], zeroPoint: [0, 0], axis: 1 })).toThrow(/axis 0/);
    expect(() => run({ scale: [1], zeroPoint: [2] })).toThrow(/symmetric/);
    expect(() => run({ scale: [1, 1, 1], zeroPoint: [0], axis: 0 })).toThrow(/scales/);
    expect(() => run(actParams(1, 0), {}, Int8Array.from([1]))).toThrow(/scale/);
    expect(() => run(actParams(0.3, 0), { rounding: 'shift' })).toThrow(RangeError);
    expect(() => run(actParams(2 ** 40, 0))).toThrow(RangeError);
    expect(() => run(actParams(2 ** 40, 0), { rounding: 'single' })).toThrow(RangeError);
    expect(() => checkedMultiplier(2 ** 31, 'double', 'x')).toThrow(/2\^31/);
    expect(checkedMultiplier(2 ** 30, 'single', 'x')).toEqual({ multiplier: 2 ** 31 - 1, shift: 30 });
    expect(checkedMultiplier(2 ** -62, 'shift', 'x')).toEqual({ multiplier: 2 ** 30, shift: -61 });
    expect(() => checkedMultiplier(2 ** 31, 'shift', 'x')).toThrow(/x: .*power-of-two/);
  });
});
