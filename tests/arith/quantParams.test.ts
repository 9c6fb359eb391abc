/**
 * src/arith/quantParams.ts (quantization parameters, float↔int conversion, activation ranges, effective scales,
 * weights and bias) against known vectors and against independent BigInt "slow paths" written here from
 * the public spec (TFLite's quantization specification and tensorflow/lite/kernels/internal/common.h), sharing no code with src.
 */
import { INT32_MAX, activationRange, biasScale, chooseQuantParams, dequantize, effectiveScale, effectiveScaleFloatProduct, quantize, quantizeBias, quantizeMultiplier, quantizeWeightsPerChannel, quantizeWeightsPerTensor, symmetricScale } from '../../src/arith/index';
import { mulberry32, randn } from '../helpers/rng';

const f32 = Math.fround;

// ---------------------------------------------------------------------------------------------------------
// Slow paths (BigInt, literal transcriptions of the formulas)
// ---------------------------------------------------------------------------------------------------------

/** A finite double as an exact rational num / 2^k (k ≥ 0), found by doubling (exact) until integral. */
function rational(x: number): { num: bigint; k: number } {
  let k = 0;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    k++;
  }
  return { num: BigInt(v), k };
}

/** Nearest integer to a / b (b > 0), halves away from zero. */
function roundDivAway(a: bigint, b: bigint): bigint {
  const m = a < 0n ? -a : a;
  const q = (2n * m + b) / (2n * b);
  return a < 0n ? -q : q;
}

// ---------------------------------------------------------------------------------------------------------

describe('chooseQuantParams', () => {
  /** Exact zero point qmin − rmin·(qmax − qmin)/(rmax − rmin), rounded half away, clamped (rationals). */
  function refZeroPoint(min: number, max: number, qmin: number, qmax: number): { zp: number; nearTie: boolean } {
    const a = rational(Math.min(min, 0));
    const b = rational(Math.max(max, 0));
    const k = Math.max(a.k, b.k);
    const lo = a.num << BigInt(k - a.k);
    const hi = b.num << BigInt(k - b.k);
    const num = BigInt(qmin) * (hi - lo) - lo * BigInt(qmax - qmin); // zp* = num / (hi − lo)
    const den = hi - lo;
    const zp = roundDivAway(num, den);
    const frac2 = (2n * (num < 0n ? -num : num)) % (2n * den); // 2·|zp*| mod 2
    const nearTie = Number(frac2 > den ? frac2 - den : den - frac2) / Number(den) < 1e-9;
    return { zp: Number(zp < BigInt(qmin) ? BigInt(qmin) : zp > BigInt(qmax) ? BigInt(qmax) : zp), nearTie };
  }

  test('vectors', () => {
    expect(chooseQuantParams(-128, 127)).toEqual({ scale: 1, zeroPoint: 0 });
    expect(chooseQuantParams(0, 255)).toEqual({ scale: 1, zeroPoint: -128 });
    expect(chooseQuantParams(-255, 0)).toEqual({ scale: 1, zeroPoint: 127 });
    expect(chooseQuantParams(0, 255, 0, 255)).toEqual({ scale: 1, zeroPoint: 0 });
    // All-positive / all-negative: widened to contain 0, which lands on qmin / qmax.
    expect(chooseQuantParams(2, 5)).toEqual({ scale: f32(5 / 255), zeroPoint: -128 });
    expect(chooseQuantParams(-5, -2)).toEqual({ scale: f32(5 / 255), zeroPoint: 127 });
    // [−1, 1]: exact zero point −128 + 127.5 = −0.5, a tie: std::round gives −1.
    expect(chooseQuantParams(-1, 1)).toEqual({ scale: f32(2 / 255), zeroPoint: -1 });
    // Degenerate range (deviation from TFLite's scale 0): an all-zero tensor.
    expect(chooseQuantParams(0, 0)).toEqual({ scale: 1, zeroPoint: 0 });
    expect(chooseQuantParams(3, 3)).toEqual({ scale: f32(3 / 255), zeroPoint: -128 });
    expect(() => chooseQuantParams(1, -1)).toThrow(RangeError);
    expect(() => chooseQuantParams(NaN, 1)).toThrow(RangeError);
    expect(() => chooseQuantParams(-1, 1, 5, 5)).toThrow(RangeError);
    expect(() => chooseQuantParams(-1e-45, 0)).toThrow(RangeError); // scale underflows float32
  });

  test('properties on random ranges: 0 exact, zp in range, range covered to within half a step', () => {
    const rng = mulberry32(16);
    const fail = (what: string, min: number, max: number, p: object): never => {
      throw new Error(`chooseQuantParams(${min}, ${max}) = ${JSON.stringify(p)}: ${what}`);
    };
    for (let i = 0; i < 20000; i++) {
      const mag = () => rng() * 10 ** (rng() * 8 - 4);
      const sign = i % 4; // mixed, all-positive, all-negative, one end zero
      let min = -mag();
      let max = mag();
      if (sign === 1) [min, max] = [Math.min(max, max / 3), max];
      if (sign === 2) [min, max] = [min, Math.max(min, min / 3)];
      if (sign === 3) (i % 8 === 3 ? (min = 0) : (max = 0));
      const [qmin, qmax] = i % 5 === 0 ? [0, 255] : [-128, 127];
      const p = chooseQuantParams(min, max, qmin, qmax);
      const { scale: s, zeroPoint: zp } = p;
      if (!(Number.isInteger(zp) && zp >= qmin && zp <= qmax)) fail('zero point out of range', min, max, p);
      if (!(s > 0 && s === f32(s))) fail('scale not a positive float32', min, max, p);
      if (quantize(0, s, zp, qmin, qmax) !== zp || dequantize(zp, s, zp) !== 0) fail('0 not exact', min, max, p);
      const rmin = Math.min(min, 0);
      const rmax = Math.max(max, 0);
      const tol = s * (0.5 + 1e-4); // the float32 rounding of s moves the ends by ≤ 255·2^-24 steps
      if (s * (qmin - zp) > rmin + tol || s * (qmax - zp) < rmax - tol) fail('range not covered', min, max, p);
      if ((rmin === 0 && zp !== qmin) || (rmax === 0 && zp !== qmax)) fail('one-sided range: zp not at the end', min, max, p);
      if (i % 4 === 0) {
        const ref = refZeroPoint(min, max, qmin, qmax);
        if (!ref.nearTie && zp !== ref.zp) fail(`exact zero point is ${ref.zp}`, min, max, p);
      }
    }
  });
});

describe('symmetricScale, quantize, dequantize, activationRange, effective scales', () => {
  test('symmetricScale', () => {
    expect(symmetricScale(127)).toBe(1);
    expect(symmetricScale(1)).toBe(f32(1 / 127));
    expect(symmetricScale(255, 255)).toBe(1);
    expect(symmetricScale(0)).toBe(1); // deviation: keeps the bias of an all-zero channel
    expect(symmetricScale(1e-44)).toBe(1); // underflows float32 ⇒ treated as zero
    expect(() => symmetricScale(-1)).toThrow(RangeError);
    expect(() => symmetricScale(NaN)).toThrow(RangeError);
  });

  test('quantize: float32 division, std::round, + zp, clamp', () => {
    expect(quantize(0.5, 1, 0)).toBe(1);
    expect(quantize(-0.5, 1, 0)).toBe(-1);
    expect(quantize(2.5, 1, 0)).toBe(3);
    expect(quantize(-2.5, 1, 0)).toBe(-3);
    expect(quantize(1000, 1, 0)).toBe(127);
    expect(quantize(-1000, 1, 0)).toBe(-128);
    expect(quantize(0, 0.1, -128)).toBe(-128);
    expect(quantize(300, 1, 0, 0, 255)).toBe(255);
    expect(quantize(NaN, 0.1, 3)).toBe(3);
    expect(quantize(Infinity, 0.1, 3)).toBe(127);
    // x / s is 85.49999725 in double but exactly 85.5 in float32, so TFLM's float path gives 86, not 85.
    const x = f32(2.519845962524414);
    const s = f32(0.029471883550286293);
    expect(x / s).toBeLessThan(85.5);
    expect(f32(x / s)).toBe(85.5);
    expect(quantize(x, s, 0)).toBe(86);
    expect(quantize(f32(-0.9580475687980652), f32(0.09124262630939484), 0)).toBe(-11);
  });

  test('dequantize is a float32 product', () => {
    expect(dequantize(-128, 0.1, -128)).toBe(0);
    expect(dequantize(127, 0.1, -128)).toBe(f32(f32(0.1) * 255));
    expect(dequantize(-3, 0.5, 0)).toBe(-1.5);
  });

  test('dequantize(quantize(x)) is within half a step inside the range', () => {
    const rng = mulberry32(17);
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const { scale, zeroPoint } = chooseQuantParams(-rng() * 5, rng() * 5);
      const x = f32(scale * (-128 - zeroPoint) + rng() * scale * 255);
      const err = Math.abs(dequantize(quantize(x, scale, zeroPoint), scale, zeroPoint) - x);
      worst = Math.max(worst, err / scale);
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-4);
  });

  test('activationRange', () => {
    expect(activationRange('none', 0.1, 5)).toEqual({ min: -128, max: 127 });
    expect(activationRange('relu', 0.05, 10)).toEqual({ min: 10, max: 127 });
    expect(activationRange('relu6', f32(6 / 255), -128)).toEqual({ min: -128, max: 127 });
    expect(activationRange('relu6', 0.1, -128)).toEqual({ min: -128, max: -68 }); // 6 / 0.1f → 60
    expect(activationRange('relu_n1_to_1', 0.01, 5)).toEqual({ min: -95, max: 105 });
    expect(activationRange('relu_n1_to_1', 1 / 128, 0)).toEqual({ min: -128, max: 127 });
  });

  test('effective scales follow TFLM: double product (conv/depthwise) vs float32 product (per-tensor FC)', () => {
    const sIn = f32(0.006395502015948296);
    const sW = f32(0.009729444049298763);
    const sOut = f32(0.05724334716796875);
    expect(effectiveScale(sIn, sW, sOut)).toBe((sIn * sW) / sOut);
    expect(effectiveScaleFloatProduct(sIn, sW, sOut)).toBe(f32(sIn * sW) / sOut);
    // The product of two float32 is exact in double (48 significant bits): check against rationals.
    const a = rational(sIn);
    const b = rational(sW);
    const p = rational(sIn * sW);
    expect(p.num * (1n << BigInt(a.k + b.k - p.k))).toBe(a.num * b.num);
    // The two conventions give different Q31 multipliers here: the wrong one is not bit-exact.
    expect(quantizeMultiplier(effectiveScale(sIn, sW, sOut))).toEqual({ multiplier: 1195191433, shift: -9 });
    expect(quantizeMultiplier(effectiveScaleFloatProduct(sIn, sW, sOut))).toEqual({ multiplier: 1195191466, shift: -9 });
    // Inputs are float32 scales: doubles are rounded on entry.
    expect(effectiveScale(0.1, 0.2, 0.3)).toBe((f32(0.1) * f32(0.2)) / f32(0.3));
  });
});

describe('weights and bias', () => {
  /** Slow path: unravel each index, per-channel abs max, exact rational rounding of w / s. */
  function refWeights(w: Float32Array, shape: number[], axis: number): { data: number[]; scales: number[] } {
    const channelOf = (i: number): number => {
      let rest = i;
      const idx: number[] = [];
      for (let d = shape.length - 1; d >= 0; d--) {
        idx[d] = rest % shape[d];
        rest = Math.floor(rest / shape[d]);
      }
      return idx[axis];
    };
    const absMax = new Array<number>(shape[axis]).fill(0);
    for (let i = 0; i < w.length; i++) absMax[channelOf(i)] = Math.max(absMax[channelOf(i)], Math.abs(w[i]));
    const scales = absMax.map((m) => (m === 0 ? 1 : f32(m / 127)));
    const data: number[] = [];
    for (let i = 0; i < w.length; i++) {
      const x = rational(w[i]);
      const s = rational(scales[channelOf(i)]);
      const k = Math.max(x.k, s.k);
      const q = Number(roundDivAway(x.num << BigInt(k - x.k), s.num << BigInt(k - s.k)));
      data.push(Math.max(-127, Math.min(127, q)));
    }
    return { data, scales };
  }

  const cases: Array<[string, number[], number]> = [
    ['CONV OHWI, axis 0', [4, 3, 3, 2], 0],
    ['DEPTHWISE 1HWC, axis 3', [1, 3, 3, 5], 3],
    ['middle axis', [2, 3, 4], 1],
  ];
  test.each(cases)('per-channel %s: matches the slow path, round trip ≤ scale/2', (_name, shape, axis) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = randn(n, 18 + axis);
    // Different magnitudes per channel, and one all-zero channel.
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(i / inner) % shape[axis];
      w[i] = c === 1 ? 0 : w[i] * 10 ** (c - 2);
    }
    const got = quantizeWeightsPerChannel(w, shape, axis);
    const want = refWeights(w, shape, axis);
    expect(got.scales).toEqual(want.scales);
    expect(Array.from(got.data)).toEqual(want.data);
    expect(got.scales[1]).toBe(1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(i / inner) % shape[axis];
      const s = got.scales[c];
      expect(Math.abs(got.data[i])).toBeLessThanOrEqual(127);
      expect(Math.abs(w[i] - got.data[i] * s)).toBeLessThanOrEqual(s / 2);
    }
    // The largest |w| of each non-zero channel maps to ±127.
    const maxQ = new Array<number>(shape[axis]).fill(0);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(i / inner) % shape[axis];
      maxQ[c] = Math.max(maxQ[c], Math.abs(got.data[i]));
    }
    expect(maxQ.map((m, c) => (c === 1 ? 127 : m))).toEqual(new Array(shape[axis]).fill(127));
  });

  test('per-tensor weights and argument checks', () => {
    const w = randn(200, 19);
    const got = quantizeWeightsPerTensor(w);
    const ref = refWeights(w, [1, 200], 0); // per-tensor = one channel holding all 200 values
    expect(got.scales).toEqual(ref.scales);
    expect(Array.from(got.data)).toEqual(ref.data);
    expect(() => quantizeWeightsPerChannel(w, [3, 3], 0)).toThrow(RangeError);
    expect(() => quantizeWeightsPerChannel(w, [200], 1)).toThrow(RangeError);
    expect(() => quantizeWeightsPerTensor(new Float32Array([1, NaN]))).toThrow(RangeError);
  });

  test('bias: exact rounding of b / (s_in·s_w[c]), broadcast, clamp, zero scale', () => {
    const rng = mulberry32(20);
    const sIn = f32(0.0123);
    const sW = Array.from({ length: 64 }, () => f32(2 ** (-10 + rng() * 8)));
    const b = new Float32Array(64).map(() => (rng() * 2 - 1) * 10 ** (rng() * 6 - 3));
    b[0] = f32(2.5 * sIn * sW[0]); // near a tie
    const got = quantizeBias(b, sIn, sW);
    for (let c = 0; c < 64; c++) {
      // Slow path: b / (sIn·sW) as rationals, rounded half away.
      const x = rational(b[c]);
      const p = rational(sIn * sW[c]); // exact: product of two float32
      const k = Math.max(x.k, p.k);
      const want = roundDivAway(x.num << BigInt(k - x.k), p.num << BigInt(k - p.k));
      expect(got[c]).toBe(Number(want));
    }
    expect(Array.from(quantizeBias([1, -1, 0], 0.5, [0.25]))).toEqual([8, -8, 0]);
    expect(Array.from(quantizeBias([3, -3], 1, [2]))).toEqual([2, -2]); // 1.5 → 2, −1.5 → −2
    expect(Array.from(quantizeBias([1e30, -1e30], 1e-3, [1e-3]))).toEqual([INT32_MAX, -INT32_MAX]);
    expect(Array.from(quantizeBias([5], 1, [0]))).toEqual([0]);
    expect(biasScale(0.1, 0.2)).toBe(f32(f32(0.1) * f32(0.2)));
    expect(() => quantizeBias([1, 2], 1, [1, 2, 3])).toThrow(RangeError);
    expect(() => quantizeBias([NaN], 1, [1])).toThrow(RangeError);
  });
});
