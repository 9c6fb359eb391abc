/**
 * depthwiseConv2dInt8: bit-exact against a BigInt slow path on random shapes, depth multipliers, strides,
 * dilations, paddings and scales, and within one output step of the float reference on dequantized data.
 */
import { OpAttrsByKind, QuantParams } from '../../../src/ir/types';
import { depthwiseConv2d } from '../../../src/reference/float/depthwise_conv2d';
import { Rounding } from '../../../src/arith/rounding';
import { depthwiseConv2dInt8 } from '../../../src/reference/int8/depthwise_conv2d';
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

interface DwCase {
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
  attrs: OpAttrsByKind['depthwise_conv2d'];
}

function weightQuant(c: DwCase): QuantParams {
  return c.perChannel ? { scale: c.sW, zeroPoint: [0], axis: 3 } : { scale: [c.sW[0]], zeroPoint: [0] };
}

function makeCase(seed: number): DwCase {
  const rng = mulberry32(1000 + seed);
  const kh = randInt(rng, 1, 4);
  const kw = randInt(rng, 1, 4);
  const dil: [number, number] = [pick(rng, [1, 1, 2, 3]), pick(rng, [1, 1, 2])];
  const strides: [number, number] = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
  const pad = { top: randInt(rng, 0, 3), left: randInt(rng, 0, 3), bottom: randInt(rng, 0, 3), right: randInt(rng, 0, 3) };
  let ih = randInt(rng, 1, 9);
  let iw = randInt(rng, 1, 9);
  while (outLen(ih, kh, strides[0], dil[0], pad.top, pad.bottom) < 1) ih++;
  while (outLen(iw, kw, strides[1], dil[1], pad.left, pad.right) < 1) iw++;
  const ic = randInt(rng, 1, 5);
  const mult = pick(rng, [1, 1, 2, 3]);
  const oc = ic * mult;
  const sIn = randScale(rng);
  const zpIn = randZp(rng);
  const perChannel = rng() < 0.75;
  const wScale = (): number => {
    const u = rng();
    return u < 0.08 ? Math.fround(1e-6) : u < 0.14 ? Math.fround(100) : logUniform(rng, 1e-4, 1);
  };
  const sW = perChannel ? Array.from({ length: oc }, wScale) : Array(oc).fill(wScale());
  const mode = rng();
  const n = ih * iw * ic;
  const x = mode < 0.1 ? new Int8Array(n).fill(-128) : mode < 0.2 ? new Int8Array(n).fill(127) : randInt8(rng, n);
  const w = rng() < 0.1 ? new Int8Array(kh * kw * oc).fill(pick(rng, [-127, 127])) : randInt8(rng, kh * kw * oc, -127, 127);
  const biasMode = rng();
  const bias = biasMode < 0.25 ? undefined : randInt32(rng, oc, biasMode < 0.6 ? 2000 : biasMode < 0.9 ? 2 ** 22 : 2 ** 31 - 1);
  let sOut: number;
  const u = rng();
  if (u < 0.1) sOut = Math.fround(1e-6);
  else if (u < 0.2) sOut = Math.fround(100);
  else sOut = Math.fround(Math.max(1e-6, ((sIn * Math.max(...sW) * 128 * 127 * Math.sqrt(kh * kw)) / 127) * logUniform(rng, 0.005, 3)));
  if (sW.some((s) => f64MulDiv(sIn, s, sOut) >= 2 ** 31)) sOut = Math.fround(100);
  const zpOut = randZp(rng);
  return {
    x,
    xShape: [ih, iw, ic],
    w,
    wShape: [1, kh, kw, oc],
    bias,
    sIn,
    zpIn,
    sW,
    perChannel,
    sOut,
    zpOut,
    attrs: { strides, dilations: dil, pad, depthMultiplier: mult, clamp: randClamp(rng, sOut, zpOut) },
  };
}

/** Slow path: loop over output channels o, input channel floor(o / mult); padded cells read zp_in. */
function slowDw(c: DwCase, mode: Rounding = 'double'): { y: number[]; overflow: boolean[]; mag: number[]; saturated: number } {
  const [ih, iw, ic] = c.xShape;
  const [, kh, kw, oc] = c.wShape;
  const { strides, dilations, pad, depthMultiplier } = c.attrs;
  const oh = outLen(ih, kh, strides[0], dilations[0], pad.top, pad.bottom);
  const ow = outLen(iw, kw, strides[1], dilations[1], pad.left, pad.right);
  const act = refActRange(c.attrs.clamp, c.sOut, c.zpOut);
  const y: number[] = [];
  const overflow: boolean[] = [];
  const mag: number[] = [];
  let saturated = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let o = 0; o < oc; o++) {
        const ci = Math.floor(o / depthMultiplier);
        let acc = 0;
        let abs = 0;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * strides[0] - pad.top + ky * dilations[0];
            const ix = ox * strides[1] - pad.left + kx * dilations[1];
            const xv = iy >= 0 && iy < ih && ix >= 0 && ix < iw ? c.x[(iy * iw + ix) * ic + ci] : c.zpIn;
            const t = (xv - c.zpIn) * c.w[(ky * kw + kx) * oc + o];
            acc += t;
            abs += Math.abs(t);
          }
        }
        const b = c.bias ? c.bias[o] : 0;
        const exact = BigInt(acc) + BigInt(b);
        const acc32 = wrap32(exact);
        const r = slowRequant(acc32, f64MulDiv(c.sIn, c.sW[o], c.sOut), mode);
        const v = wrap32(r.y + BigInt(c.zpOut));
        if (Number(v) > 127 || Number(v) < -128) saturated++;
        y.push(clampInt(v, act.min, act.max));
        overflow.push(r.overflow || acc32 !== exact);
        mag.push(c.sIn * c.sW[o] * (abs + Math.abs(b)));
      }
    }
  }
  return { y, overflow, mag, saturated };
}

function runFast(c: DwCase, rounding?: Rounding): Int8Array {
  return depthwiseConv2dInt8(c.x, c.xShape, actParams(c.sIn, c.zpIn), c.w, c.wShape, weightQuant(c), c.bias, actParams(c.sOut, c.zpOut), c.attrs, rounding && { rounding });
}

const CASES = 160;

describe('depthwiseConv2dInt8', () => {
  test(`matches the BigInt slow path bit for bit on ${CASES} random cases`, () => {
    let elements = 0;
    let saturated = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed);
      const want = slowDw(c);
      expectBitExact(`case ${seed}`, runFast(c), want.y);
      elements += want.y.length;
      saturated += want.saturated;
    }
    expect(elements).toBeGreaterThan(3000);
    expect(saturated).toBeGreaterThan(100);
  });

  test.each([['single'], ['shift']] as const)('rounding %s matches the BigInt slow path (power-of-two scales for shift)', (mode) => {
    let done = 0;
    let differs = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = mode === 'shift' ? pow2Case(makeCase(seed)) : makeCase(seed);
      if (c.sW.some((_, o) => f64MulDiv(c.sIn, c.sW[o], c.sOut) >= (mode === 'shift' ? 2 ** 30 : 2 ** 31))) continue;
      const got = runFast(c, mode);
      expectBitExact(`case ${seed}`, got, slowDw(c, mode).y);
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
      const slow = slowDw(c);
      const got = dequant(runFast(c), c.sOut, c.zpOut);
      const oc = c.wShape[3];
      const wReal = Float32Array.from(c.w, (v, i) => c.sW[i % oc] * v);
      const bReal = c.bias ? Float32Array.from(c.bias, (b, o) => c.sIn * c.sW[o] * b) : undefined;
      const ref = saturateToInt8(depthwiseConv2d(dequant(c.x, c.sIn, c.zpIn), c.xShape, wReal, c.wShape, bReal, c.attrs), c.sOut, c.zpOut);
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

  test('maps output channel c·mult + m to input channel c', () => {
    // 1×1 input with 2 channels, multiplier 2: outputs (x0·w0, x0·w1, x1·w2, x1·w3), all scales 1.
    const attrs: OpAttrsByKind['depthwise_conv2d'] = {
      strides: [1, 1],
      dilations: [1, 1],
      pad: { top: 0, left: 0, bottom: 0, right: 0 },
      depthMultiplier: 2,
      clamp: { min: -Infinity, max: Infinity },
    };
    const y = depthwiseConv2dInt8(Int8Array.from([3, -2]), [1, 1, 2], actParams(1, 0), Int8Array.from([1, 2, 3, 4]), [1, 1, 1, 4], actParams(1, 0), undefined, actParams(1, 0), attrs);
    expect(Array.from(y)).toEqual([3, 6, -6, -8]);
  });

  test('rejects per-channel scales along the wrong axis and a wrong channel count', () => {
    const c = makeCase(5);
    const oc = c.wShape[3];
    const run = (wq: QuantParams) => depthwiseConv2dInt8(c.x, c.xShape, actParams(c.sIn, c.zpIn), c.w, c.wShape, wq, c.bias, actParams(c.sOut, c.zpOut), c.attrs);
    const scales = Array(oc).fill(0.01);
    if (oc > 1) expect(() => run({ scale: scales, zeroPoint: [0], axis: 0 })).toThrow(/axis 3/);
    expect(() => run({ scale: [...scales, 0.01], zeroPoint: [0], axis: 3 })).toThrow(/scales/);
    expect(() => depthwiseConv2dInt8(c.x, c.xShape, actParams(c.sIn, c.zpIn), c.w, c.wShape, weightQuant(c), c.bias, actParams(c.sOut, c.zpOut), { ...c.attrs, depthMultiplier: c.attrs.depthMultiplier + 1 })).toThrow(/channels/);
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
      const wq: QuantParams = found % 2 === 0 ? { scale: [sW], zeroPoint: [0] } : { scale: [sW], zeroPoint: [0], axis: 3 };
      const attrs = { strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number], pad: { top: 0, left: 0, bottom: 0, right: 0 }, depthMultiplier: 1, clamp: { min: -Infinity, max: Infinity } };
      const y = depthwiseConv2dInt8(Int8Array.from([zp]), [1, 1, 1], actParams(sIn, zp), Int8Array.from([5]), [1, 1, 1, 1], wq, Int32Array.from([Number(acc)]), actParams(sOut, 0), attrs);
      expect(y[0]).toBe(Number(refRequant(acc, good).y));
      found++;
    }
    expect(found).toBe(6);
  });
});
