/**
 * denseInt8: bit-exact against a BigInt slow path (per-tensor multiplier from the float32 product s_in·s_w,
 * per-channel from the double product), and within one output step of the float reference.
 */
import { OpAttrsByKind, QuantParams } from '../../../src/ir/types';
import { dense } from '../../../src/reference/float/dense';
import { Rounding } from '../../../src/arith/rounding';
import { prepareDense } from '../../../src/reference/int8/prepare';
import { denseInt8 } from '../../../src/reference/int8/dense';
import {
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f32Mul,
  f64Div,
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
  refQuantizeMultiplier,
  refRequant,
  saturateToInt8,
  thresholdWitness,
  wrap32,
  slowRequant,
  pow2Case,
} from './slow';

interface DenseCase {
  x: Int8Array;
  xShape: number[];
  w: Int8Array;
  wShape: number[];
  bias?: Int32Array;
  sIn: number;
  zpIn: number;
  sW: number[];
  perChannel: boolean;
  sOut: number;
  zpOut: number;
  attrs: OpAttrsByKind['dense'];
}

function weightQuant(c: DenseCase): QuantParams {
  return c.perChannel ? { scale: c.sW, zeroPoint: c.sW.map(() => 0), axis: 0 } : { scale: [c.sW[0]], zeroPoint: [0] };
}

/** The real multiplier as TFLM computes it: float32 product for per-tensor weights, double otherwise. */
function realMultiplier(c: DenseCase, o: number): number {
  return c.perChannel ? f64MulDiv(c.sIn, c.sW[o], c.sOut) : f64Div(f32Mul(c.sIn, c.sW[0]), c.sOut);
}

function makeCase(seed: number): DenseCase {
  const rng = mulberry32(2000 + seed);
  const inN = pick(rng, [1, 2, 3, 7, 16, 33, 64]);
  const outN = randInt(rng, 2, 9); // ≥ 2 so that per-channel means more than one scale
  const lead = pick(rng, [[], [], [2], [3], [2, 2]]);
  const xShape = [...lead, inN];
  const rows = lead.reduce((a, b) => a * b, 1);
  const sIn = randScale(rng);
  const zpIn = randZp(rng);
  const perChannel = rng() < 0.5;
  const wScale = (): number => {
    const u = rng();
    return u < 0.08 ? Math.fround(1e-6) : u < 0.14 ? Math.fround(100) : logUniform(rng, 1e-4, 1);
  };
  const sW = perChannel ? Array.from({ length: outN }, wScale) : Array(outN).fill(wScale());
  const mode = rng();
  const x = mode < 0.1 ? new Int8Array(rows * inN).fill(-128) : mode < 0.2 ? new Int8Array(rows * inN).fill(127) : randInt8(rng, rows * inN);
  const w = rng() < 0.1 ? new Int8Array(outN * inN).fill(pick(rng, [-127, 127])) : randInt8(rng, outN * inN, -127, 127);
  const biasMode = rng();
  const bias = biasMode < 0.25 ? undefined : randInt32(rng, outN, biasMode < 0.6 ? 5000 : biasMode < 0.9 ? 2 ** 24 : 2 ** 31 - 1);
  let sOut: number;
  const u = rng();
  if (u < 0.1) sOut = Math.fround(1e-6);
  else if (u < 0.2) sOut = Math.fround(100);
  else sOut = Math.fround(Math.max(1e-6, ((sIn * Math.max(...sW) * 128 * 127 * Math.sqrt(inN)) / 127) * logUniform(rng, 0.005, 3)));
  const zpOut = randZp(rng);
  const c: DenseCase = { x, xShape, w, wShape: [outN, inN], bias, sIn, zpIn, sW, perChannel, sOut, zpOut, attrs: { clamp: randClamp(rng, sOut, zpOut) } };
  if (sW.some((_, o) => realMultiplier(c, o) >= 2 ** 31)) c.sOut = Math.fround(100);
  return c;
}

function slowDense(c: DenseCase, mode: Rounding = 'double'): { y: number[]; overflow: boolean[]; mag: number[]; saturated: number } {
  const [outN, inN] = c.wShape;
  const rows = c.x.length / inN;
  const act = refActRange(c.attrs.clamp, c.sOut, c.zpOut);
  const y: number[] = [];
  const overflow: boolean[] = [];
  const mag: number[] = [];
  let saturated = 0;
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outN; o++) {
      let acc = 0;
      let abs = 0;
      for (let i = 0; i < inN; i++) {
        const t = (c.x[r * inN + i] - c.zpIn) * c.w[o * inN + i];
        acc += t;
        abs += Math.abs(t);
      }
      const b = c.bias ? c.bias[o] : 0;
      const exact = BigInt(acc) + BigInt(b);
      const acc32 = wrap32(exact);
      const res = slowRequant(acc32, realMultiplier(c, o), mode);
      const v = wrap32(res.y + BigInt(c.zpOut));
      if (Number(v) > 127 || Number(v) < -128) saturated++;
      y.push(clampInt(v, act.min, act.max));
      overflow.push(res.overflow || acc32 !== exact);
      mag.push(c.sIn * c.sW[o] * (abs + Math.abs(b)));
    }
  }
  return { y, overflow, mag, saturated };
}

function runFast(c: DenseCase, rounding?: Rounding): Int8Array {
  return denseInt8(c.x, c.xShape, actParams(c.sIn, c.zpIn), c.w, c.wShape, weightQuant(c), c.bias, actParams(c.sOut, c.zpOut), c.attrs, rounding && { rounding });
}

const CASES = 200;

describe('denseInt8', () => {
  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let elements = 0;
    let saturated = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const want = slowDense(c);
      expectBitExact(`case ${seed}`, runFast(c), want.y);
      elements += want.y.length;
      saturated += want.saturated;
    }
    expect(elements).toBeGreaterThan(1500);
    expect(saturated).toBeGreaterThan(50);
  });

  test.each([['single'], ['shift']] as const)('rounding %s matches the BigInt slow path (power-of-two scales for shift)', (mode) => {
    let done = 0;
    let differs = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = mode === 'shift' ? pow2Case(makeCase(seed)) : makeCase(seed);
      if (c.sW.some((_, o) => realMultiplier(c, o) >= (mode === 'shift' ? 2 ** 30 : 2 ** 31))) continue;
      const got = runFast(c, mode);
      expectBitExact(`case ${seed}`, got, slowDense(c, mode).y);
      const dbl = runFast(c, 'double');
      if (got.some((v, i) => v !== dbl[i])) differs++;
      done++;
    }
    expect(done).toBeGreaterThan(CASES * 0.8);
    expect(differs).toBeGreaterThan(2); // the option does change the arithmetic (ties are rare)
  });

  test(`is within one output step of the float reference on dequantized data (${CASES} cases)`, () => {
    let compared = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const slow = slowDense(c);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const inN = c.wShape[1];
      const wReal = Float32Array.from(c.w, (v, i) => c.sW[Math.floor(i / inN)] * v);
      const bReal = c.bias ? Float32Array.from(c.bias, (b, o) => c.sIn * c.sW[o] * b) : undefined;
      const ref = saturateToInt8(dense(dequant(c.x, c.sIn, c.zpIn), c.xShape, wReal, c.wShape, bReal, c.attrs), c.sOut, c.zpOut);
      compared += expectWithin(
        `case ${seed}`,
        got,
        ref,
        (i) => c.sOut + 2 ** -22 * (slow.mag[i] + Math.abs(ref[i])),
        (i) => slow.overflow[i],
      );
    }
    expect(compared).toBeGreaterThan(1200);
  });

  test('per-tensor weights use the float32 product s_in·s_w (GetQuantizedConvolutionMultipler), per-channel the double', () => {
    // Scales whose two multipliers differ by one unit, and an accumulator (realised as the bias) that tells them
    // apart: see thresholdWitness.
    const rng = mulberry32(77);
    let found = 0;
    for (let t = 0; t < 50000 && found < 5; t++) {
      const sIn = logUniform(rng, 1e-4, 1);
      const sW = logUniform(rng, 1e-4, 1);
      const sOut = Math.fround((sIn * sW) / logUniform(rng, 2 ** -31, 2 ** -30));
      const a = refQuantizeMultiplier(f64Div(f32Mul(sIn, sW), sOut));
      const b = refQuantizeMultiplier(f64MulDiv(sIn, sW, sOut));
      const acc = thresholdWitness(a, b);
      if (acc === undefined) continue;
      const attrs = { clamp: { min: -Infinity, max: Infinity } };
      const y = denseInt8(Int8Array.from([0]), [1], actParams(sIn, 0), Int8Array.from([0]), [1, 1], { scale: [sW], zeroPoint: [0] }, Int32Array.from([Number(acc)]), actParams(sOut, 0), attrs);
      expect(y[0]).toBe(Number(refRequant(acc, a).y));
      // The same scale as a (two-channel) per-channel tensor takes the double product instead.
      const yc = denseInt8(Int8Array.from([0]), [1], actParams(sIn, 0), Int8Array.from([0, 0]), [2, 1], { scale: [sW, sW], zeroPoint: [0, 0], axis: 0 }, Int32Array.from([Number(acc), 0]), actParams(sOut, 0), attrs);
      expect(yc[0]).toBe(Number(refRequant(acc, b).y));
      found++;
    }
    expect(found).toBe(5);
  });

  test('prepareDense: one multiplier for per-tensor weights, one per output channel otherwise', () => {
    const clamp = { min: -Infinity, max: Infinity };
    const t = prepareDense(actParams(0.5, 1), { scale: [0.25], zeroPoint: [0] }, actParams(1, 2), 3, clamp);
    expect([t.multiplier.length, t.shift.length, t.perChannel]).toEqual([1, 1, false]);
    expect([t.multiplier[0], t.shift[0]]).toEqual([2 ** 30, -2]); // 0.125
    const c = prepareDense(actParams(0.5, 1), { scale: [0.25, 1, 4], zeroPoint: [0, 0, 0], axis: 0 }, actParams(1, 2), 3, clamp, { rounding: 'shift' });
    expect([Array.from(c.shift), c.perChannel, c.inZp, c.outZp]).toEqual([[-2, 0, 2], true, 1, 2]);
    expect(() => prepareDense(actParams(0.3, 0), { scale: [1] , zeroPoint: [0] }, actParams(1, 0), 1, clamp, { rounding: 'shift' })).toThrow(RangeError);
  });
});
