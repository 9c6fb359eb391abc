/**
 * conv2dInt8: bit-exact against a BigInt slow path (tests/reference/int8/slow.ts) on random shapes, strides,
 * dilations, paddings and scales, and within one output step of the float reference on dequantized data.
 */
import { FusedClamp, OpAttrsByKind, QuantParams } from '../../../src/ir/types';
import { conv2d } from '../../../src/reference/float/conv2d';
import { Rounding } from '../../../src/arith/rounding';
import { conv2dInt8 } from '../../../src/reference/int8/conv2d';
import {
  actParams,
  clampInt,
  dequant,
  expectBitExact,
  expectWithin,
  f64MulDiv,
  logUniform,
  mulberry32,
  outLen,
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
  f32Mul,
  f64Div,
  saturateToInt8,
  thresholdWitness,
  wrap32,
  slowRequant,
  pow2Case,
} from './slow';

interface ConvCase {
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
  attrs: OpAttrsByKind['conv2d'];
}

function weightQuant(c: ConvCase): QuantParams {
  return c.perChannel ? { scale: c.sW, zeroPoint: c.sW.map(() => 0), axis: 0 } : { scale: [c.sW[0]], zeroPoint: [0] };
}

function makeCase(seed: number): ConvCase {
  const rng = mulberry32(seed);
  const kh = randInt(rng, 1, 3);
  const kw = randInt(rng, 1, 3);
  const dil: [number, number] = [pick(rng, [1, 1, 2, 3]), pick(rng, [1, 1, 2])];
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const pad = { top: randInt(rng, 0, 2), left: randInt(rng, 0, 2), bottom: randInt(rng, 0, 2), right: randInt(rng, 0, 2) };
  let ih = randInt(rng, 1, 8);
  let iw = randInt(rng, 1, 8);
  while (outLen(ih, kh, strides[0], dil[0], pad.top, pad.bottom) < 1) ih++;
  while (outLen(iw, kw, strides[1], dil[1], pad.left, pad.right) < 1) iw++;
  const ic = randInt(rng, 1, 5);
  const oc = randInt(rng, 1, 5);
  const sIn = randScale(rng);
  const zpIn = randZp(rng);
  const perChannel = rng() < 0.7;
  const wScale = (): number => {
    const u = rng();
    return u < 0.08 ? Math.fround(1e-6) : u < 0.14 ? Math.fround(100) : logUniform(rng, 1e-4, 1);
  };
  const sW = perChannel ? Array.from({ length: oc }, wScale) : Array(oc).fill(wScale());
  // Inputs: random, or constant extremes (all −128 / all 127 / all zp) to push accumulations to the limits.
  const mode = rng();
  const n = ih * iw * ic;
  const x = mode < 0.1 ? new Int8Array(n).fill(-128) : mode < 0.2 ? new Int8Array(n).fill(127) : mode < 0.25 ? new Int8Array(n).fill(zpIn) : randInt8(rng, n);
  const w = rng() < 0.1 ? new Int8Array(oc * kh * kw * ic).fill(pick(rng, [-127, 127])) : randInt8(rng, oc * kh * kw * ic, -127, 127);
  const biasMode = rng();
  const bias =
    biasMode < 0.25 ? undefined : randInt32(rng, oc, biasMode < 0.6 ? 2000 : biasMode < 0.85 ? 2 ** 20 : biasMode < 0.95 ? 2 ** 28 : 2 ** 31 - 1);
  // Output scale: around the accumulator's real range (times 0.005…3: small factors saturate), or an extreme.
  let sOut: number;
  const u = rng();
  if (u < 0.1) sOut = Math.fround(1e-6);
  else if (u < 0.2) sOut = Math.fround(100);
  else {
    const k = kh * kw * ic;
    const range = sIn * Math.max(...sW) * 128 * 127 * Math.sqrt(k);
    sOut = Math.fround(Math.max(1e-6, (range / 127) * logUniform(rng, 0.005, 3)));
  }
  // The kernel rejects multipliers ≥ 2^31 (checked separately below); keep the random cases applicable.
  if (sW.some((s) => f64MulDiv(sIn, s, sOut) >= 2 ** 31)) sOut = Math.fround(100);
  const zpOut = randZp(rng);
  const clamp: FusedClamp = randClamp(rng, sOut, zpOut);
  return {
    x,
    xShape: [ih, iw, ic],
    w,
    wShape: [oc, kh, kw, ic],
    bias,
    sIn,
    zpIn,
    sW,
    perChannel,
    sOut,
    zpOut,
    attrs: { strides, dilations: dil, pad, clamp },
  };
}

/** Slow path: padded cells read zp_in, exact integer sums, BigInt requantization. */
function slowConv(c: ConvCase, mode: Rounding = 'double'): { y: number[]; overflow: boolean[]; mag: number[]; saturated: number } {
  const [ih, iw, ic] = c.xShape;
  const [oc, kh, kw] = c.wShape;
  const { strides, dilations, pad } = c.attrs;
  const oh = outLen(ih, kh, strides[0], dilations[0], pad.top, pad.bottom);
  const ow = outLen(iw, kw, strides[1], dilations[1], pad.left, pad.right);
  const act = refActRange(c.attrs.clamp, c.sOut, c.zpOut);
  const reals = c.sW.map((s) => f64MulDiv(c.sIn, s, c.sOut));
  const y: number[] = [];
  const overflow: boolean[] = [];
  const mag: number[] = [];
  let saturated = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let o = 0; o < oc; o++) {
        let acc = 0;
        let abs = 0;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * strides[0] - pad.top + ky * dilations[0];
            const ix = ox * strides[1] - pad.left + kx * dilations[1];
            const inside = iy >= 0 && iy < ih && ix >= 0 && ix < iw;
            for (let ci = 0; ci < ic; ci++) {
              const xv = inside ? c.x[(iy * iw + ix) * ic + ci] : c.zpIn;
              const t = (xv - c.zpIn) * c.w[((o * kh + ky) * kw + kx) * ic + ci];
              acc += t;
              abs += Math.abs(t);
            }
          }
        }
        const b = c.bias ? c.bias[o] : 0;
        const exact = BigInt(acc) + BigInt(b);
        const acc32 = wrap32(exact);
        const r = slowRequant(acc32, reals[o], mode);
        const v = wrap32(r.y + BigInt(c.zpOut));
        const q = clampInt(v, act.min, act.max);
        if (Number(v) > 127 || Number(v) < -128) saturated++;
        y.push(q);
        overflow.push(r.overflow || acc32 !== exact);
        mag.push(c.sIn * c.sW[o] * (abs + Math.abs(b)));
      }
    }
  }
  return { y, overflow, mag, saturated };
}

function runFast(c: ConvCase, rounding?: Rounding): Int8Array {
  return conv2dInt8(c.x, c.xShape, actParams(c.sIn, c.zpIn), c.w, c.wShape, weightQuant(c), c.bias, actParams(c.sOut, c.zpOut), c.attrs, rounding && { rounding });
}

const CASES = 160;

describe('conv2dInt8', () => {
  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let elements = 0;
    let saturated = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const want = slowConv(c);
      expectBitExact(`case ${seed}`, runFast(c), want.y);
      elements += want.y.length;
      saturated += want.saturated;
    }
    expect(elements).toBeGreaterThan(3000);
    expect(saturated).toBeGreaterThan(100); // the cases do reach the int8 limits
  });

  test.each([['single'], ['shift']] as const)('rounding %s matches the BigInt slow path (power-of-two scales for shift)', (mode) => {
    let done = 0;
    let differs = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = mode === 'shift' ? pow2Case(makeCase(seed)) : makeCase(seed);
      if (c.sW.some((_, o) => f64MulDiv(c.sIn, c.sW[o], c.sOut) >= (mode === 'shift' ? 2 ** 30 : 2 ** 31))) continue;
      const got = runFast(c, mode);
      expectBitExact(`case ${seed}`, got, slowConv(c, mode).y);
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
      const slow = slowConv(c);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const [oc] = c.wShape;
      const wReal = new Float32Array(c.w.length);
      for (let i = 0; i < c.w.length; i++) wReal[i] = c.sW[Math.floor(i / (c.w.length / oc))] * c.w[i];
      const bReal = c.bias ? Float32Array.from(c.bias, (b, o) => c.sIn * c.sW[o] * b) : undefined;
      const ref = saturateToInt8(conv2d(dequant(c.x, c.sIn, c.zpIn), c.xShape, wReal, c.wShape, bReal, c.attrs), c.sOut, c.zpOut);
      // Requantization: ≤ 0.75 step (two roundings) + 2^−31 relative multiplier error; the float reference's
      // float32 roundings (inputs, weights, bias, result) ≤ 2^−22 of the magnitudes involved.
      compared += expectWithin(
        `case ${seed}`,
        got,
        ref,
        (i) => c.sOut + 2 ** -22 * (slow.mag[i] + Math.abs(ref[i])),
        (i) => slow.overflow[i],
      );
    }
    expect(compared).toBeGreaterThan(2500);
  });

  test('rounds ties half away from zero (double rounding) and pads with the input zero point', () => {
    // 1×1 conv, s_in = s_w = 1, s_out = 4 ⇒ multiplier 0.25 (M0 = 2^30, shift −1).
    const attrs: OpAttrsByKind['conv2d'] = { strides: [1, 1], dilations: [1, 1], pad: { top: 0, left: 0, bottom: 0, right: 0 }, clamp: { min: -Infinity, max: Infinity } };
    const y = conv2dInt8(Int8Array.from([3, -1, 7, -5]), [1, 4, 1], actParams(1, 1), Int8Array.from([1]), [1, 1, 1, 1], actParams(1, 0), undefined, actParams(4, 10), attrs);
    // acc = 2, −2, 6, −6 ⇒ 0.5, −0.5, 1.5, −1.5 ⇒ 1, −1, 2, −2, + 10.
    expect(Array.from(y)).toEqual([11, 9, 12, 8]);
    // 3×3 kernel of ones over a 1×1 input padded by 1: only the centre is in bounds, padding counts as x = zp.
    const pad1 = { ...attrs, pad: { top: 1, left: 1, bottom: 1, right: 1 } };
    const z = conv2dInt8(Int8Array.from([5]), [1, 1, 1], actParams(1, 2), new Int8Array(9).fill(1), [1, 3, 3, 1], actParams(1, 0), Int32Array.from([4]), actParams(1, 0), pad1);
    expect(Array.from(z)).toEqual([7]); // (5 − 2)·1 + bias 4
  });

  test('applies ReLU6 through the quantized activation range', () => {
    const attrs: OpAttrsByKind['conv2d'] = { strides: [1, 1], dilations: [1, 1], pad: { top: 0, left: 0, bottom: 0, right: 0 }, clamp: { min: 0, max: 6 } };
    // s_out = 0.1, zp −100: ReLU6 ⇒ [−100, −40].
    const x = Int8Array.from([-128, -50, 0, 10, 127]);
    const y = conv2dInt8(x, [1, 5, 1], actParams(0.1, 0), Int8Array.from([1]), [1, 1, 1, 1], actParams(1, 0), undefined, actParams(0.1, -100), attrs);
    expect(Array.from(y)).toEqual([-100, -100, -100, -90, -40]);
  });

  test('rejects bad parameters', () => {
    const c = makeCase(3);
    const wq = weightQuant(c);
    const run = (over: Partial<{ xq: QuantParams; wq: QuantParams; oq: QuantParams }>) =>
      conv2dInt8(c.x, c.xShape, over.xq ?? actParams(c.sIn, c.zpIn), c.w, c.wShape, over.wq ?? wq, c.bias, over.oq ?? actParams(c.sOut, c.zpOut), c.attrs);
    expect(() => run({ xq: { scale: [1, 2], zeroPoint: [0, 0] } })).toThrow(/per tensor/);
    expect(() => run({ oq: actParams(1, 128) })).toThrow(/zero point/);
    expect(() => run({ oq: actParams(0, 0) })).toThrow(/scale/);
    expect(() => run({ wq: { scale: [1], zeroPoint: [3] } })).toThrow(/symmetric/);
    expect(() => run({ wq: { scale: [1, 1, 1, 1, 1, 1, 1], zeroPoint: [0] } })).toThrow(/scales/);
    // Multiplier ≥ 2^31: s_in·s_w/s_out = 100·100/1e-6.
    expect(() =>
      conv2dInt8(c.x, c.xShape, actParams(100, 0), c.w, c.wShape, { scale: [100], zeroPoint: [0] }, c.bias, actParams(1e-6, 0), c.attrs),
    ).toThrow(RangeError);
    expect(() => conv2dInt8(c.x, c.xShape, actParams(1, 0), c.w, c.wShape, wq, c.bias, actParams(1, 0), { ...c.attrs, pre: { clamp: { min: 0, max: 6 } } })).toThrow(/pre-activation/);
  });

  test('requantizes with the double product (double)s_in·s_w/s_out, per channel and per tensor', () => {
    // Scales for which the float32 product (FULLY_CONNECTED's per-tensor rule) gives a multiplier one unit
    // away, and an accumulator (the bias; the input sits at its zero point) on which the two disagree.
    const rng = mulberry32(99);
    let found = 0;
    for (let t = 0; t < 50000 && found < 6; t++) {
      const sIn = logUniform(rng, 1e-4, 1);
      const sW = logUniform(rng, 1e-4, 1);
      const sOut = Math.fround((sIn * sW) / logUniform(rng, 2 ** -31, 2 ** -30));
      const good = refQuantizeMultiplier(f64MulDiv(sIn, sW, sOut));
      const acc = thresholdWitness(good, refQuantizeMultiplier(f64Div(f32Mul(sIn, sW), sOut)));
      if (acc === undefined) continue;
      const zp = found * 20 - 50;
      const wq: QuantParams = found % 2 === 0 ? { scale: [sW], zeroPoint: [0] } : { scale: [sW], zeroPoint: [0], axis: 0 };
      const attrs = { strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number], pad: { top: 0, left: 0, bottom: 0, right: 0 }, clamp: { min: -Infinity, max: Infinity } };
      const y = conv2dInt8(Int8Array.from([zp]), [1, 1, 1], actParams(sIn, zp), Int8Array.from([5]), [1, 1, 1, 1], wq, Int32Array.from([Number(acc)]), actParams(sOut, 0), attrs);
      expect(y[0]).toBe(Number(refRequant(acc, good).y));
      found++;
    }
    expect(found).toBe(6);
  });
});
