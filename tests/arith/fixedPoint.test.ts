/**
 * src/arith/fixedPoint.ts (frexp, QuantizeMultiplier, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT,
 * MultiplyByQuantizedMultiplier) against known vectors and against independent BigInt "slow paths" written here from
 * the public spec (TFLite's quantization specification and tensorflow/lite/kernels/internal/common.h), sharing no code with src.
 */
import { INT32_MAX, INT32_MIN, effectiveScale, frexp, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierSingleRounding, quantizeMultiplier, roundHalfAwayFromZero, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../../src/arith/index';
import { mulberry32 } from '../helpers/rng';

const f32 = Math.fround;

// ---------------------------------------------------------------------------------------------------------
// Slow paths (BigInt, literal transcriptions of the formulas)
// ---------------------------------------------------------------------------------------------------------

/** floor(a / b) for bigint, b > 0 (BigInt `/` truncates). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Nearest integer to a / b (b > 0), halves away from zero. */
function roundDivAway(a: bigint, b: bigint): bigint {
  const m = a < 0n ? -a : a;
  const q = (2n * m + b) / (2n * b);
  return a < 0n ? -q : q;
}

function refQuantizeMultiplier(real: number, single = false): { multiplier: number; shift: number } {
  if (real === 0) return { multiplier: 0, shift: 0 };
  // frexp by repeated halving/doubling (exact).
  let q = Math.abs(real);
  let e = 0;
  while (q >= 1) {
    q /= 2;
    e++;
  }
  while (q < 0.5) {
    q *= 2;
    e--;
  }
  // q has at most 53 significant bits below 2^0: q·2^53 is an integer. M0 = round(q · 2^31) half away.
  let m = roundDivAway(BigInt(q * 2 ** 53), 1n << 22n);
  if (m === 1n << 31n) {
    m = 1n << 30n;
    e++;
  }
  if (e < -31) return { multiplier: 0, shift: 0 };
  if (single && e > 30) return { multiplier: 2 ** 31 - 1, shift: 30 };
  return { multiplier: real < 0 ? -Number(m) : Number(m), shift: e };
}

/** Spec: (a·b + nudge) / 2^31, C truncating division; nudge = 2^30 if a·b ≥ 0 else 1 − 2^30. */
function refSRDHM(a: bigint, b: bigint): bigint {
  if (a === -(2n ** 31n) && b === -(2n ** 31n)) return 2n ** 31n - 1n;
  const ab = a * b;
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return (ab + nudge) / (1n << 31n); // BigInt division truncates toward zero, like C
}

/** gemmlowp's RoundingDivideByPOT written out: remainder vs threshold. */
function refRDBP(x: bigint, e: number): bigint {
  const E = BigInt(e);
  const mask = (1n << E) - 1n;
  const remainder = x & mask;
  const threshold = (mask >> 1n) + (x < 0n ? 1n : 0n);
  return (x >> E) + (remainder > threshold ? 1n : 0n);
}

function refMBQM(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const xs = BigInt.asIntN(32, BigInt(x) << BigInt(left)); // int32 x * (1 << left), wrapping
  return Number(refRDBP(refSRDHM(xs, BigInt(m)), right));
}

function refSingle(x: number, m: number, shift: number): number {
  const t = BigInt(31 - shift);
  return Number(BigInt.asIntN(32, (BigInt(x) * BigInt(m) + (1n << (t - 1n))) >> t));
}

const rngInt32 = (rng: () => number): number => (Math.floor(rng() * 4294967296) - 2147483648) | 0;

// ---------------------------------------------------------------------------------------------------------

describe('frexp and rounding', () => {
  test('frexp matches the definition, including subnormals and negatives', () => {
    expect(frexp(1)).toEqual({ fraction: 0.5, exponent: 1 });
    expect(frexp(0.75)).toEqual({ fraction: 0.75, exponent: 0 });
    expect(frexp(-3)).toEqual({ fraction: -0.75, exponent: 2 });
    expect(frexp(5e-324)).toEqual({ fraction: 0.5, exponent: -1073 });
    expect(frexp(Number.MAX_VALUE).exponent).toBe(1024);
    expect(() => frexp(0)).toThrow(RangeError);
    expect(() => frexp(NaN)).toThrow(RangeError);
  });

  test('roundHalfAwayFromZero is std::round and never yields -0', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.3].map(roundHalfAwayFromZero)).toEqual([
      1, 2, 3, -1, -2, -3, 0, 0,
    ]);
    expect(Object.is(roundHalfAwayFromZero(-0.3), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0), 0)).toBe(true);
  });
});

describe('quantizeMultiplier', () => {
  const qm = (r: number, single = false) => quantizeMultiplier(r, { singleRounding: single });

  test('hand-derived vectors', () => {
    expect(qm(0.5)).toEqual({ multiplier: 2 ** 30, shift: 0 });
    expect(qm(0.25)).toEqual({ multiplier: 2 ** 30, shift: -1 });
    expect(qm(1.0)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(qm(0.75)).toEqual({ multiplier: 1610612736, shift: 0 });
    expect(qm(-0.5)).toEqual({ multiplier: -(2 ** 30), shift: 0 });
    expect(qm(0)).toEqual({ multiplier: 0, shift: 0 });
    expect(qm(-0)).toEqual({ multiplier: 0, shift: 0 });
    // 1e-10 ≈ 0.86·2^-33: shift −33 < −31 flushes to zero.
    expect(qm(1e-10)).toEqual({ multiplier: 0, shift: 0 });
    expect(qm(5e-324)).toEqual({ multiplier: 0, shift: 0 });
    expect(qm(2 ** -32)).toEqual({ multiplier: 2 ** 30, shift: -31 }); // smallest kept
    expect(qm(2 ** -33)).toEqual({ multiplier: 0, shift: 0 });
    // Just below 2^-32: frexp exponent −32 would flush, but q·2^31 rounds up to 2^31 ⇒ halve, shift −31 kept.
    expect(qm(2 ** -32 * (1 - 2 ** -40))).toEqual({ multiplier: 2 ** 30, shift: -31 });
    // Just below 1: q·2^31 = 2^31 − 1/4 and 2^31 − 1/2 (tie, away) round to 2^31 ⇒ (2^30, 1).
    expect(qm(1 - 2 ** -33)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(qm(1 - 2 ** -32)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(qm(1 - 2 ** -31)).toEqual({ multiplier: INT32_MAX, shift: 0 });
    // Ties round away from zero on both signs: q·2^31 = 2^30 + 1/2.
    expect(qm(0.5 + 2 ** -32)).toEqual({ multiplier: 2 ** 30 + 1, shift: 0 });
    expect(qm(-(0.5 + 2 ** -32))).toEqual({ multiplier: -(2 ** 30 + 1), shift: 0 });
    // Large multipliers: single-rounding builds saturate shift > 30.
    expect(qm(2 ** 31)).toEqual({ multiplier: 2 ** 30, shift: 32 });
    expect(qm(2 ** 31, true)).toEqual({ multiplier: INT32_MAX, shift: 30 });
    expect(qm(2 ** 29, true)).toEqual({ multiplier: 2 ** 30, shift: 30 });
    expect(() => qm(Infinity)).toThrow(RangeError);
    expect(() => qm(NaN)).toThrow(RangeError);
  });

  test('matches the BigInt slow path on 100,000 random doubles over the whole exponent range', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 100000; i++) {
      const wide = i % 2 === 0;
      const e = wide ? Math.floor(rng() * 2090) - 1074 : Math.floor(rng() * 48) - 40;
      let r = (0.5 + rng() * 0.5) * 2 ** e;
      if (i % 7 === 0) r = -r;
      if (!wide && i % 11 === 1) r = f32(r); // float32-valued multipliers, as from scales
      const single = i % 3 === 0 && r > 0;
      const got = qm(r, single);
      const want = refQuantizeMultiplier(r, single);
      if (got.multiplier !== want.multiplier || got.shift !== want.shift) {
        throw new Error(`quantizeMultiplier(${r}, ${single}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
  });
});

describe('SaturatingRoundingDoublingHighMul', () => {
  test('edge cases', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX); // the only saturation
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX);
    expect(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX)).toBe(INT32_MAX - 1);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, 2 ** 30)).toBe(-(2 ** 30));
    // Ties: +0.5 → 1, but the negative nudge 1 − 2^30 makes −0.5 → 0 and −1.5 → −1 (towards +∞).
    expect(saturatingRoundingDoublingHighMul(1, 2 ** 30)).toBe(1);
    expect(saturatingRoundingDoublingHighMul(-1, 2 ** 30)).toBe(0);
    expect(saturatingRoundingDoublingHighMul(-3, 2 ** 30)).toBe(-1);
    expect(saturatingRoundingDoublingHighMul(3, 2 ** 30)).toBe(2);
    // Just past the negative tie nudges down: −(2^30 + 1)/2^31 = −0.5000000005 → −1.
    expect(saturatingRoundingDoublingHighMul(-1, 2 ** 30 + 1)).toBe(-1);
    expect(saturatingRoundingDoublingHighMul(0, INT32_MIN)).toBe(0);
  });

  test('matches the literal formula (BigInt) on random and edge operands', () => {
    const rng = mulberry32(12);
    const edges = [INT32_MIN, INT32_MIN + 1, -(2 ** 30), -65537, -65536, -1, 0, 1, 65535, 65536, 2 ** 30, INT32_MAX - 1, INT32_MAX];
    const check = (a: number, b: number): void => {
      const got = saturatingRoundingDoublingHighMul(a, b);
      const want = Number(refSRDHM(BigInt(a), BigInt(b)));
      if (got !== want) throw new Error(`SRDHM(${a}, ${b}) = ${got}, want ${want}`);
    };
    for (const a of edges) for (const b of edges) check(a, b);
    for (let i = 0; i < 100000; i++) {
      const a = rngInt32(rng);
      const b = i % 4 === 0 ? (Math.floor(rng() * 2 ** 16) - 2 ** 15) | 0 : rngInt32(rng);
      check(a, b);
    }
  });
});

describe('RoundingDivideByPOT', () => {
  test('ties round away from zero', () => {
    expect(roundingDivideByPOT(-3, 1)).toBe(-2);
    expect(roundingDivideByPOT(3, 1)).toBe(2);
    expect(roundingDivideByPOT(-5, 2)).toBe(-1);
    expect(roundingDivideByPOT(5, 2)).toBe(1);
    expect(roundingDivideByPOT(-6, 2)).toBe(-2);
    expect(roundingDivideByPOT(6, 2)).toBe(2);
    expect(roundingDivideByPOT(-7, 0)).toBe(-7);
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1);
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1);
    expect(roundingDivideByPOT(-(2 ** 30), 31)).toBe(-1);
    expect(roundingDivideByPOT(2 ** 30, 31)).toBe(1);
    expect(roundingDivideByPOT(2 ** 30 - 1, 31)).toBe(0);
    expect(() => roundingDivideByPOT(1, 32)).toThrow(RangeError);
    expect(() => roundingDivideByPOT(1, -1)).toThrow(RangeError);
  });

  test('matches the BigInt slow path for every exponent', () => {
    const rng = mulberry32(13);
    for (let i = 0; i < 20000; i++) {
      const x = i < 64 ? [INT32_MIN, INT32_MAX, -1, 0][i % 4] : rngInt32(rng);
      for (let e = 0; e <= 31; e++) {
        const got = roundingDivideByPOT(x, e);
        const want = Number(refRDBP(BigInt(x), e));
        if (got !== want) throw new Error(`RDBP(${x}, ${e}) = ${got}, want ${want}`);
      }
    }
  });
});

describe('multiplyByQuantizedMultiplier (double and single rounding)', () => {
  test('hand-derived vectors', () => {
    // M = 0.5: SRDHM rounds the tie up, RDBP does not get a second tie here.
    expect(multiplyByQuantizedMultiplier(3, 2 ** 30, 0)).toBe(2); // 1.5 → 2
    expect(multiplyByQuantizedMultiplier(-3, 2 ** 30, 0)).toBe(-1); // −1.5 → −1 (SRDHM tie towards +∞)
    // M = 0.25 (2^30, −1): x = −6 ⇒ SRDHM(−6, 2^30) = floor(−2.5) = −3 → RDBP(−3, 1) = −2 (exact −1.5).
    expect(multiplyByQuantizedMultiplier(-6, 2 ** 30, -1)).toBe(-2);
    // Double rounding: x = −2, M = 0.25: SRDHM(−2, 2^30) = −1 (exact −1), RDBP(−1,1) = −1 (−0.5 away); exact −0.5.
    expect(multiplyByQuantizedMultiplier(-2, 2 ** 30, -1)).toBe(-1);
    expect(multiplyByQuantizedMultiplierSingleRounding(-2, 2 ** 30, -1)).toBe(0); // floor(−0.5 + 0.5)
    expect(multiplyByQuantizedMultiplierSingleRounding(2, 2 ** 30, -1)).toBe(1);
    // Left shifts: M = 2 (2^30, 2).
    expect(multiplyByQuantizedMultiplier(1000, 2 ** 30, 2)).toBe(2000);
    expect(multiplyByQuantizedMultiplierSingleRounding(1000, 2 ** 30, 2)).toBe(2000);
    // Single-rounding domain (TFLite DCHECKs): multiplier ≥ 0, shift ∈ [−31, 30].
    expect(() => multiplyByQuantizedMultiplierSingleRounding(1, -1, 0)).toThrow(RangeError);
    expect(() => multiplyByQuantizedMultiplierSingleRounding(1, 2 ** 30, 31)).toThrow(RangeError);
    expect(() => multiplyByQuantizedMultiplierSingleRounding(1, 2 ** 30, -32)).toThrow(RangeError);
    expect(multiplyByQuantizedMultiplierSingleRounding(INT32_MIN, INT32_MAX, -31)).toBe(-1); // ≈ −0.99999 → −1
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, 32)).toThrow(RangeError);
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, -32)).toThrow(RangeError);
  });

  test('100,000 in-range (acc, real multiplier) pairs: exact vs the formulas and vs round(acc·M)', () => {
    const rng = mulberry32(14);
    for (let i = 0; i < 100000; i++) {
      // Real multipliers: from random float32 scales (as TFLM computes them), exact powers of two (all ties),
      // or log-uniform in [2^-34, 2^8).
      let real: number;
      const kind = i % 10;
      if (kind < 5) {
        const sIn = f32(2 ** (-12 + rng() * 10));
        const sW = f32(2 ** (-12 + rng() * 10));
        const sOut = f32(2 ** (-10 + rng() * 10));
        real = effectiveScale(sIn, sW, sOut);
      } else if (kind < 7) {
        real = 2 ** -(Math.floor(rng() * 32) - 4);
      } else {
        real = 2 ** (-34 + rng() * 42);
      }
      const { multiplier: m, shift } = quantizeMultiplier(real);
      const mS = quantizeMultiplier(real, { singleRounding: true });
      // acc such that neither the left shift nor the result leaves int32.
      const accMax = Math.max(
        0,
        Math.min(INT32_MAX, Math.floor(2 ** 31 / (real * 1.0000001)) - 2, Math.floor(INT32_MAX / 2 ** Math.max(shift, 0))),
      );
      const r = rng();
      let acc: number;
      if (r < 0.05) acc = rng() < 0.5 ? accMax : -accMax;
      else if (r < 0.4) acc = Math.floor(rng() * 2001) - 1000;
      else acc = Math.floor((rng() * 2 - 1) * accMax);
      acc = Math.max(-accMax, Math.min(accMax, acc)) | 0;

      const dbl = multiplyByQuantizedMultiplier(acc, m, shift);
      const sgl = multiplyByQuantizedMultiplierSingleRounding(acc, mS.multiplier, mS.shift);
      const wantDbl = refMBQM(acc, m, shift);
      const wantSgl = refSingle(acc, mS.multiplier, mS.shift);
      if (dbl !== wantDbl || sgl !== wantSgl) {
        throw new Error(`acc=${acc} real=${real}: double ${dbl} vs ${wantDbl}, single ${sgl} vs ${wantSgl}`);
      }
      // Exact rational value acc·M0·2^(shift−31) of the quantized multiplier.
      const check = (got: number, mm: number, sh: number, exactTieUp: boolean): void => {
        const num = BigInt(acc) * BigInt(mm);
        const den = 1n << BigInt(31 - sh);
        const nearest = roundDivAway(num, den);
        const diff = BigInt(got) - nearest;
        if (diff > 1n || diff < -1n) throw new Error(`acc=${acc} real=${real}: ${got} not within 1 of ${nearest}`);
        // Single rounding is one exact rounding, halves towards +∞: floor(acc·M + 1/2).
        if (exactTieUp && BigInt(got) !== floorDiv(2n * num + den, 2n * den)) {
          throw new Error(`acc=${acc} real=${real}: single ${got} is not floor(acc·M + 1/2)`);
        }
      };
      check(dbl, m, shift, false);
      check(sgl, mS.multiplier, mS.shift, true);
      // And against the unquantized real multiplier: |M0·2^(shift−31) − real| ≤ real·2^−31 adds < 1.
      if (m !== 0 && !(Math.abs(dbl - acc * real) < 2)) throw new Error(`acc=${acc} real=${real}: ${dbl} vs ${acc * real}`);
    }
  });

  test('bit-exact with the BigInt formulas over the full int32 domain (wrapping included)', () => {
    const rng = mulberry32(15);
    const xs = [INT32_MIN, INT32_MIN + 1, -(2 ** 30), -65536, -1, 0, 1, 65535, 2 ** 30, INT32_MAX];
    const ms = [INT32_MIN, INT32_MIN + 1, -1, 0, 1, 65535, 65536, 2 ** 30, INT32_MAX];
    for (const x of xs) {
      for (const m of ms) {
        for (let shift = -31; shift <= 31; shift++) {
          const d = multiplyByQuantizedMultiplier(x, m, shift);
          if (d !== refMBQM(x, m, shift)) throw new Error(`double(${x}, ${m}, ${shift}) = ${d}, want ${refMBQM(x, m, shift)}`);
          if (m < 0 || shift > 30) continue;
          const s = multiplyByQuantizedMultiplierSingleRounding(x, m, shift);
          if (s !== refSingle(x, m, shift)) throw new Error(`single(${x}, ${m}, ${shift}) = ${s}, want ${refSingle(x, m, shift)}`);
        }
      }
    }
    for (let i = 0; i < 100000; i++) {
      const x = rngInt32(rng);
      const m = rngInt32(rng);
      const shift = Math.floor(rng() * 63) - 31; // [−31, 31]
      const d = multiplyByQuantizedMultiplier(x, m, shift);
      if (d !== refMBQM(x, m, shift)) throw new Error(`double(${x}, ${m}, ${shift}) = ${d}, want ${refMBQM(x, m, shift)}`);
      const mp = m & INT32_MAX;
      const sh = Math.min(shift, 30);
      const s = multiplyByQuantizedMultiplierSingleRounding(x, mp, sh);
      if (s !== refSingle(x, mp, sh)) throw new Error(`single(${x}, ${mp}, ${sh}) = ${s}, want ${refSingle(x, mp, sh)}`);
    }
  });
});
