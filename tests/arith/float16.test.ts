/**
 * src/quantize/float16.ts against an independent model written here: the sorted table of every finite half,
 * decoded with Math.pow from the IEEE 754 field definitions, and round-to-nearest-even by binary search in
 * that table (ties to the even bit pattern, 65536 standing in for the first value past 65504, i.e. Inf).
 */
import { fromHalfBits, roundToHalf, toHalfArray, toHalfBits } from '../../src/arith/float16';
import { mulberry32 } from '../helpers/rng';

/** IEEE 754 binary16 decoding straight from the definition. */
function decodeRef(h: number): number {
  const s = h >> 15 ? -1 : 1;
  const e = (h >> 10) & 31;
  const m = h & 1023;
  if (e === 31) return m ? NaN : s * Infinity;
  return e === 0 ? s * Math.pow(2, -14) * (m / 1024) : s * Math.pow(2, e - 15) * (1 + m / 1024);
}

/** Non-negative finite halves by value (bits 0..0x7bff), plus the overflow threshold 2^16 for 0x7c00. */
const POS_BITS = Array.from({ length: 0x7c01 }, (_, h) => h);
const POS_VALUES = POS_BITS.map((h) => (h === 0x7c00 ? 65536 : decodeRef(h)));

/** Nearest half to a finite x by search, ties to the even pattern; beyond 65504 the candidate 2^16 is Inf. */
function roundRef(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65536) return sign | 0x7c00;
  let lo = 0;
  let hi = POS_VALUES.length - 1; // POS_VALUES[lo] <= a < POS_VALUES[hi]
  if (a === 0) return sign;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (POS_VALUES[mid] <= a) lo = mid;
    else hi = mid;
  }
  const dLo = a - POS_VALUES[lo];
  const dHi = POS_VALUES[hi] - a;
  const h = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
  return sign | POS_BITS[h];
}

const f32bits = new Uint32Array(1);
const f32view = new Float32Array(f32bits.buffer);
function fromBits(b: number): number {
  f32bits[0] = b >>> 0;
  return f32view[0];
}
function bitsOf(x: number): number {
  f32view[0] = x;
  return f32bits[0];
}
/** Adjacent float32 values (x > 0 finite). */
const nextUp = (x: number): number => fromBits(bitsOf(x) + 1);
const nextDown = (x: number): number => fromBits(bitsOf(x) - 1);

describe('fromHalfBits', () => {
  it('decodes all 65,536 halves as the IEEE definition', () => {
    for (let h = 0; h < 65536; h++) {
      const got = fromHalfBits(h);
      const want = decodeRef(h);
      if (!Object.is(got, want)) throw new Error(`fromHalfBits(0x${h.toString(16)}) = ${got}, want ${want}`);
    }
    expect(fromHalfBits(0x3c00)).toBe(1);
    expect(fromHalfBits(0x7bff)).toBe(65504);
    expect(fromHalfBits(0x0001)).toBe(2 ** -24);
    expect(fromHalfBits(0x0400)).toBe(2 ** -14);
    expect(fromHalfBits(0xc000)).toBe(-2);
    expect(Object.is(fromHalfBits(0x8000), -0)).toBe(true);
    expect(fromHalfBits(0xfc00)).toBe(-Infinity);
    expect(fromHalfBits(0x7e00)).toBeNaN();
  });
});

describe('toHalfBits', () => {
  it('round-trips every non-NaN half exactly (both zeros, subnormals, ±Inf) and maps NaN to 0x7e00', () => {
    let nan = 0;
    for (let h = 0; h < 65536; h++) {
      const v = fromHalfBits(h);
      if (v !== v) {
        nan++;
        expect(toHalfBits(v)).toBe(0x7e00);
        continue;
      }
      const back = toHalfBits(v);
      if (back !== h) throw new Error(`toHalfBits(fromHalfBits(0x${h.toString(16)})) = 0x${back.toString(16)}`);
      // Every half is a float32 (so the C's float32 weights are exactly these values).
      if (Math.fround(v) !== v) throw new Error(`half 0x${h.toString(16)} is not a float32`);
    }
    expect(nan).toBe(2 * 1023);
  });

  it('rounds every midpoint between adjacent halves to even, and its float32 neighbours to the nearer half', () => {
    let checked = 0;
    for (let h = 0; h < 0x7c00; h++) {
      const lo = fromHalfBits(h);
      const hi = h === 0x7bff ? 65536 : fromHalfBits(h + 1);
      const mid = (lo + hi) / 2;
      if (Math.fround(mid) !== mid) throw new Error(`midpoint ${mid} is not a float32`); // 12 significant bits
      const even = h % 2 === 0 ? h : h + 1;
      for (const s of [1, -1]) {
        const sign = s < 0 ? 0x8000 : 0;
        const cases: [number, number][] = [
          [mid, even],
          [nextDown(mid), h],
          [nextUp(mid), h + 1],
        ];
        for (const [x, want] of cases) {
          const got = toHalfBits(s * x);
          if (got !== (sign | want) || got !== roundRef(s * x)) {
            throw new Error(`toHalfBits(${s * x}) = 0x${got.toString(16)}, want 0x${(sign | want).toString(16)}`);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(0x7c00 * 6);
  });

  it('agrees with the search model on random float32 bit patterns and on log-uniform values', () => {
    const rng = mulberry32(1606);
    for (let i = 0; i < 200000; i++) {
      const x = fromBits(Math.floor(rng() * 2 ** 32));
      if (x !== x) continue;
      const got = toHalfBits(x);
      if (got !== roundRef(x)) throw new Error(`toHalfBits(${x}) = 0x${got.toString(16)}, want 0x${roundRef(x).toString(16)}`);
    }
    for (let i = 0; i < 200000; i++) {
      const x = Math.fround((rng() < 0.5 ? -1 : 1) * 2 ** (-27 + 45 * rng()));
      const got = toHalfBits(x);
      if (got !== roundRef(x)) throw new Error(`toHalfBits(${x}) = 0x${got.toString(16)}, want 0x${roundRef(x).toString(16)}`);
    }
  });

  it('overflow, underflow and tie boundaries', () => {
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(nextDown(65520))).toBe(0x7bff);
    expect(toHalfBits(65520)).toBe(0x7c00); // tie between 65504 (odd) and 2^16: to even, i.e. Inf
    expect(toHalfBits(-65520)).toBe(0xfc00);
    expect(toHalfBits(1e10)).toBe(0x7c00);
    expect(toHalfBits(-Infinity)).toBe(0xfc00);
    expect(toHalfBits(3.4028234663852886e38)).toBe(0x7c00);
    expect(toHalfBits(2 ** -24)).toBe(0x0001);
    expect(toHalfBits(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal: to 0
    expect(toHalfBits(-(2 ** -25))).toBe(0x8000);
    expect(toHalfBits(nextUp(2 ** -25))).toBe(0x0001);
    expect(toHalfBits(1.5 * 2 ** -24)).toBe(0x0002); // tie between 1 and 2 ulps: to even
    expect(toHalfBits(2 ** -14 - 2 ** -25)).toBe(0x0400); // tie between 0x3ff and the smallest normal
    expect(toHalfBits(1e-45)).toBe(0x0000); // float32 subnormal
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie to even (down)
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie to even (up)
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(NaN)).toBe(0x7e00);
  });
});

describe('toHalfArray / roundToHalf', () => {
  it('encodes element-wise and keeps the sign and top payload bits of NaNs (quieted)', () => {
    const x = new Float32Array([1, -2.5, 65520, 1e-8, -0, 0.1]);
    expect(Array.from(toHalfArray(x))).toEqual([0x3c00, 0xc100, 0x7c00, 0x0000, 0x8000, 0x2e66]);
    const bits = new Uint32Array([0x7fc00000, 0xffc00000, 0x7f802000, 0x7fa00000, 0xff800001]);
    const nans = new Float32Array(bits.buffer);
    // Signalling NaN 0x7f802000 (payload bit 13) becomes quiet 0x7e01; 0xff800001's payload is below half precision.
    expect(Array.from(toHalfArray(nans))).toEqual([0x7e00, 0xfe00, 0x7e01, 0x7f00, 0xfe00]);
    // A view into a larger buffer is read at its offset.
    const view = new Float32Array(new Float32Array([7, 2, 3]).buffer, 4, 2);
    expect(Array.from(toHalfArray(view))).toEqual([0x4000, 0x4200]);
  });

  it('roundToHalf gives the decoded halves, within half an ulp of the input', () => {
    const rng = mulberry32(99);
    const x = Float32Array.from({ length: 5000 }, () => (rng() * 2 - 1) * 2 ** (12 * rng() - 6));
    const r = roundToHalf(x);
    expect(r).toHaveLength(x.length);
    let changed = 0;
    let bad = 0;
    for (let i = 0; i < x.length; i++) {
      // ulp of the half r[i] (its binade's; an upper bound on the ulp around x[i]).
      const ulp = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(r[i]) || 2 ** -24)), -14) - 10);
      if (r[i] !== fromHalfBits(toHalfBits(x[i])) || !(Math.abs(r[i] - x[i]) <= ulp / 2)) bad++;
      if (r[i] !== x[i]) changed++;
    }
    expect(bad).toBe(0);
    expect(changed).toBeGreaterThan(4000);
  });
});
