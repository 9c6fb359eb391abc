/**
 * Independent slow paths for the int8 kernel tests, written from the public spec (TFLite's quantization specification; tensorflow/lite/kernels/internal/common.h) and sharing
 * no code with src/quantize or src/reference/int8:
 * - IEEE float32/double operations on scales are emulated with exact rational arithmetic (BigInt) and an
 *   explicit round-to-nearest-even, so "float32(a / b)" here is computed, not delegated to the FPU;
 * - QuantizeMultiplier, SaturatingRoundingDoublingHighMul and RoundingDivideByPOT are BigInt transcriptions;
 * - random-case generators and tolerance helpers shared by the op tests.
 */
import { FusedClamp, QuantParams } from '../../../src/ir/types';
import { mulberry32 } from '../../helpers/rng';

export { mulberry32 };

// ---------------------------------------------------------------------------------------------------------
// Exact dyadic / rational arithmetic
// ---------------------------------------------------------------------------------------------------------

/** An exact signed dyadic number s·m·2^e (m ≥ 0). */
export interface Dyadic {
  neg: boolean;
  m: bigint;
  e: number;
}

const ZERO: Dyadic = { neg: false, m: 0n, e: 0 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** A finite double as an exact dyadic, by doubling (exact) until it is an integer. */
export function dyadic(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new Error(`dyadic: ${x}`);
  if (x === 0) return ZERO;
  let v = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(v)) {
    v *= 2;
    e--;
  }
  // v may exceed 2^53 for large integers; BigInt(v) is exact for any integer-valued double.
  return { neg: x < 0, m: BigInt(v), e };
}

/** The double of an exact dyadic whose significand fits 53 bits (checked). */
export function toNumber(d: Dyadic): number {
  if (d.m === 0n) return 0;
  let m = d.m;
  let e = d.e;
  while (m % 2n === 0n) {
    m /= 2n;
    e++;
  }
  if (bitLength(m) > 53) throw new Error('toNumber: more than 53 significant bits');
  const v = Number(m) * 2 ** e; // Number(m) exact; scaling by a power of two exact in range
  return d.neg ? -v : v;
}

/** n/d (n ≥ 0, d > 0) rounded to `bits` significant bits, ties to even (IEEE round-to-nearest), unbounded exponent. */
function roundRatio(n: bigint, d: bigint, bits: number, neg: boolean): Dyadic {
  if (n === 0n) return ZERO;
  // Choose k with 2^(bits−1) ≤ n·2^k / d < 2^bits.
  let k = bits - 1 - (bitLength(n) - bitLength(d));
  const scaled = (kk: number): [bigint, bigint] => (kk >= 0 ? [n << BigInt(kk), d] : [n, d << BigInt(-kk)]);
  for (;;) {
    const [a, b] = scaled(k);
    const q = a / b;
    if (q < 1n << BigInt(bits - 1)) k++;
    else if (q >= 1n << BigInt(bits)) k--;
    else break;
  }
  const [a, b] = scaled(k);
  let q = a / b;
  const r2 = 2n * (a % b);
  if (r2 > b || (r2 === b && q % 2n === 1n)) q++;
  if (q === 1n << BigInt(bits)) {
    q >>= 1n;
    k--;
  }
  return { neg, m: q, e: -k };
}

/** Exact quotient x/y of dyadics as a ratio of non-negative BigInts plus a sign. */
function ratio(x: Dyadic, y: Dyadic): { n: bigint; d: bigint; neg: boolean } {
  let n = x.m;
  let d = y.m;
  const de = x.e - y.e;
  if (de >= 0) n <<= BigInt(de);
  else d <<= BigInt(-de);
  return { n, d, neg: x.neg !== y.neg };
}

function product(x: Dyadic, y: Dyadic): Dyadic {
  return { neg: x.neg !== y.neg, m: x.m * y.m, e: x.e + y.e };
}

/** IEEE float32(x / y), y ≠ 0 (no overflow/underflow at the magnitudes used here). */
export function f32Div(x: number, y: number): number {
  const r = ratio(dyadic(x), dyadic(y));
  return toNumber(roundRatio(r.n, r.d, 24, r.neg));
}

/** IEEE double(x / y). */
export function f64Div(x: number, y: number): number {
  const r = ratio(dyadic(x), dyadic(y));
  return toNumber(roundRatio(r.n, r.d, 53, r.neg));
}

/** IEEE float32(x · y). */
export function f32Mul(x: number, y: number): number {
  const p = product(dyadic(x), dyadic(y));
  const r = roundRatio(p.m, 1n, 24, p.neg);
  return toNumber({ ...r, e: r.e + p.e });
}

/** IEEE double((double)a · (double)b / (double)c) for float32 a, b, c: the product is exact, the quotient rounds once. */
export function f64MulDiv(a: number, b: number, c: number): number {
  const p = product(dyadic(a), dyadic(b));
  const r = ratio(p, dyadic(c));
  return toNumber(roundRatio(r.n, r.d, 53, r.neg));
}

/** std::round of a double: nearest integer, halves away from zero (exact, via BigInt). */
export function stdRound(x: number): number {
  const d = dyadic(x);
  if (d.e >= 0) return x;
  const den = 1n << BigInt(-d.e);
  const q = (2n * d.m + den) / (2n * den); // floor(|x| + 1/2)
  return d.neg ? -Number(q) : Number(q);
}

// ---------------------------------------------------------------------------------------------------------
// Fixed-point requantization (BigInt transcriptions)
// ---------------------------------------------------------------------------------------------------------

/** QuantizeMultiplier as BigInt: frexp, M0 = round(q·2^31) (halves away), 2^31 → 2^30 & shift+1, shift < −31 → 0. */
export interface RefMultiplier {
  m: bigint;
  shift: number;
}

export function refQuantizeMultiplier(real: number): RefMultiplier {
  if (!(real >= 0)) throw new Error(`refQuantizeMultiplier: ${real}`);
  if (real === 0) return { m: 0n, shift: 0 };
  const d = dyadic(real);
  const L = bitLength(d.m); // real = (m / 2^L) · 2^(e + L), m / 2^L ∈ [0.5, 1)
  let shift = d.e + L;
  let M0: bigint;
  if (L <= 31) M0 = d.m << BigInt(31 - L);
  else M0 = (d.m + (1n << BigInt(L - 32))) >> BigInt(L - 31); // floor(x + 1/2), x > 0: halves away from zero
  if (M0 === 1n << 31n) {
    M0 = 1n << 30n;
    shift++;
  }
  if (shift < -31) return { m: 0n, shift: 0 };
  return { m: M0, shift };
}

/** C's (int32_t) conversion of an integer: reduce modulo 2^32 into [−2^31, 2^31). */
export function wrap32(x: bigint): bigint {
  return BigInt.asIntN(32, x);
}

/** Result of {@link refRequant}: the value and whether the left shift overflowed int32 (wrapped). */
export interface RequantResult {
  y: bigint;
  overflow: boolean;
}

/**
 * MultiplyByQuantizedMultiplier (double rounding) of an int32 x:
 * x' = int32(x · 2^max(shift, 0)) (wraps); h = trunc((x'·M0 + nudge) / 2^31), nudge = 2^30 or 1 − 2^30 by the
 * product's sign (the INT32_MIN² saturation cannot occur with M0 ≥ 0); then h / 2^max(−shift, 0) rounded to
 * nearest with halves away from zero (RoundingDivideByPOT), written as sign·floor((|h| + 2^(e−1)) / 2^e).
 */
export function refRequant(x: bigint, mq: RefMultiplier): RequantResult {
  if (x !== wrap32(x)) throw new Error(`refRequant: ${x} is not an int32`);
  const left = mq.shift > 0 ? mq.shift : 0;
  const e = mq.shift > 0 ? 0 : -mq.shift;
  const shifted = x << BigInt(left);
  const xs = wrap32(shifted);
  const ab = xs * mq.m;
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  const h = (ab + nudge) / (1n << 31n);
  if (e === 0) return { y: h, overflow: xs !== shifted };
  const E = BigInt(e);
  const mag = h < 0n ? -h : h;
  const r = (mag + (1n << (E - 1n))) >> E;
  return { y: h < 0n ? -r : r, overflow: xs !== shifted };
}

/** int8 saturation of an integer. */
export function clampInt(y: bigint, lo: number, hi: number): number {
  const v = Number(y);
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * CalculateActivationRangeQuantized for a clamp in real units: each finite bound b → zp + std::round(float32(b /
 * scale)), saturated to int8; infinite bounds are the int8 limits.
 */
export function refActRange(clamp: FusedClamp, scale: number, zp: number): { min: number; max: number } {
  const q = (b: number, inf: number): number => {
    if (!Number.isFinite(b)) return inf;
    const v = zp + stdRound(f32Div(Math.fround(b), scale));
    return Math.min(127, Math.max(-128, v));
  };
  return { min: q(clamp.min, -128), max: q(clamp.max, 127) };
}

// ---------------------------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------------------------

export type Rng = () => number;

/** Integer in [lo, hi]. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** One of the items. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** A float32 log-uniform in [lo, hi]. */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.fround(Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo))));
}

/** An activation scale: mostly log-uniform in [1e-3, 1], sometimes the extremes 1e-6 and 100 or anything in between. */
export function randScale(rng: Rng): number {
  const u = rng();
  if (u < 0.08) return Math.fround(1e-6);
  if (u < 0.16) return Math.fround(100);
  if (u < 0.3) return logUniform(rng, 1e-6, 100);
  return logUniform(rng, 1e-3, 1);
}

/** A zero point: often the extremes −128 / 127 or 0, otherwise uniform in [−128, 127]. */
export function randZp(rng: Rng): number {
  const u = rng();
  if (u < 0.15) return -128;
  if (u < 0.3) return 127;
  if (u < 0.4) return 0;
  return randInt(rng, -128, 127);
}

/** Random int8 data in [lo, hi]. */
export function randInt8(rng: Rng, n: number, lo = -128, hi = 127): Int8Array {
  const a = new Int8Array(n);
  for (let i = 0; i < n; i++) a[i] = randInt(rng, lo, hi);
  return a;
}

/** Random int32 data with magnitude up to `mag`. */
export function randInt32(rng: Rng, n: number, mag: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.round((rng() * 2 - 1) * mag);
  return a;
}

/** A fused clamp in real units: none, ReLU, ReLU6, ReLU_N1_TO_1, or random bounds around the output range. */
export function randClamp(rng: Rng, outScale: number, outZp: number): FusedClamp {
  const u = rng();
  if (u < 0.4) return { min: -Infinity, max: Infinity };
  if (u < 0.55) return { min: 0, max: Infinity };
  if (u < 0.7) return { min: 0, max: 6 };
  if (u < 0.75) return { min: -1, max: 1 };
  // Bounds somewhere in (and a bit beyond) the representable range [s(−128 − zp), s(127 − zp)].
  const a = Math.fround(outScale * (randInt(rng, -160, 160) - outZp + rng() - 0.5));
  const b = Math.fround(outScale * (randInt(rng, -160, 160) - outZp + rng() - 0.5));
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { min: rng() < 0.2 ? -Infinity : lo, max: rng() < 0.2 ? Infinity : hi };
}

/** Per-tensor activation parameters. */
export function actParams(scale: number, zeroPoint: number): QuantParams {
  return { scale: [scale], zeroPoint: [zeroPoint] };
}

/** Dequantized float32 values of int8 data (real = s·(q − zp), float32-rounded). */
export function dequant(q: ArrayLike<number>, scale: number, zp: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = scale * (q[i] - zp);
  return out;
}

/**
 * Asserts |got[i] − want[i]| ≤ tol[i] for every i not skipped; the message names the first failure.
 * Returns how many elements were compared.
 */
export function expectWithin(
  what: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: (i: number) => number,
  skip: (i: number) => boolean = () => false,
): number {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length} != ${want.length}`);
  let n = 0;
  for (let i = 0; i < got.length; i++) {
    if (skip(i)) continue;
    n++;
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol(i))) throw new Error(`${what}: element ${i} is ${got[i]}, float reference ${want[i]}, error ${err} > tolerance ${tol(i)}`);
  }
  return n;
}

/** Asserts two int arrays are identical; the message names the first difference. */
export function expectBitExact(what: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length} != ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== want[i]) throw new Error(`${what}: element ${i} is ${got[i]}, slow path says ${want[i]}`);
  }
}

/** floor((in + before + after − ((k − 1)·dil + 1)) / stride) + 1, the output length of a window. */
export function outLen(inLen: number, k: number, stride: number, dil: number, before: number, after: number): number {
  return Math.floor((inLen + before + after - ((k - 1) * dil + 1)) / stride) + 1;
}

/**
 * Float values clamped to what an int8 tensor (scale, zp) can represent, [s·(−128 − zp), s·(127 − zp)]
 * (float32, as the dequantized limits): the quantized op saturates there, the float op does not.
 */
export function saturateToInt8(ref: Float32Array, scale: number, zp: number): Float32Array {
  const lo = Math.fround(scale * (-128 - zp));
  const hi = Math.fround(scale * (127 - zp));
  return ref.map((v) => (v < lo ? lo : v > hi ? hi : v));
}

/**
 * An accumulator on which two multipliers with shift −30 disagree, if one fits int32: with shift −30,
 * MultiplyByQuantizedMultiplier(acc ≥ 0) turns from 0 to 1 exactly when acc·M0 ≥ 2^60 − 2^30 (the doubling high
 * multiply reaches 2^29, which RoundingDivideByPOT(·, 30) rounds up), so the switch points of M0 and M0 + 1
 * are about half a unit apart and often straddle an integer. Lets a test tell multipliers one unit apart apart.
 */
export function thresholdWitness(a: RefMultiplier, b: RefMultiplier): bigint | undefined {
  if (a.shift !== -30 || b.shift !== -30 || a.m === b.m) return undefined;
  const threshold = (m: bigint): bigint => ((1n << 60n) - (1n << 30n) + m - 1n) / m; // ceil
  const ta = threshold(a.m);
  const tb = threshold(b.m);
  if (ta === tb) return undefined;
  const acc = ta < tb ? ta : tb;
  if (acc >= 1n << 31n) return undefined;
  if (refRequant(acc, a).y === refRequant(acc, b).y) throw new Error('thresholdWitness: internal');
  return acc;
}

// ---------------------------------------------------------------------------------------------------------
// Rounding modes (src/quantize/rounding.ts), independent BigInt definitions
// ---------------------------------------------------------------------------------------------------------

/** BigInt requantization of an int32 by a real multiplier in a mode (definitions of src/quantize/rounding.ts). */
export function slowRequant(x: bigint, real: number, mode: 'double' | 'single' | 'shift'): { y: bigint; overflow: boolean } {
  if (mode === 'double') return refRequant(x, refQuantizeMultiplier(real));
  let y: bigint;
  if (mode === 'single') {
    const q = refQuantizeMultiplier(real);
    const m = q.shift > 30 ? { m: 2147483647n, shift: 30 } : q; // TFLite's single-rounding saturation
    const t = BigInt(31 - m.shift);
    y = (x * m.m + (1n << (t - 1n))) >> t;
  } else {
    const k = Math.log2(real);
    if (!Number.isInteger(k)) throw new Error(`slowRequant: ${real} is not a power of two`);
    y = k >= 0 ? x << BigInt(k) : (x + (1n << BigInt(-k - 1))) >> BigInt(-k); // >> floors: ties towards +∞
  }
  return { y: wrap32(y), overflow: y !== wrap32(y) };
}

/** The case with every scale rounded to a power of two ('shift' mode needs power-of-two ratios). */
export function pow2Case<T extends { sIn: number; sW: number[]; sOut: number }>(c: T): T {
  const p2 = (s: number): number => 2 ** Math.round(Math.log2(s));
  return { ...c, sIn: p2(c.sIn), sW: c.sW.map(p2), sOut: p2(c.sOut) };
}
