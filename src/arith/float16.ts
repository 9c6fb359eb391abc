/**
 * IEEE 754 binary16 ("half") weight storage: weights are stored as half bits (half the flash of float32) and
 * decoded to float32 by the C kernels' `_f16w_f32` variants (firmware/kernels/half_f32.h), which compute in
 * float32. Every half is exactly a float32, so decoding is exact; only the encoding rounds.
 */

/** 2^-24: the half ulp in the subnormal range (and the smallest subnormal). */
const SUBNORMAL_ULP = 2 ** -24;
/** Smallest normal half, 2^-14. */
const MIN_NORMAL = 2 ** -14;
/** Largest finite half (65504) plus half its ulp (16): from here on, round to nearest even gives Inf. */
const OVERFLOW = 65520;

/** Round to nearest integer, ties to even; exact for any double m ≥ 0 (its fractional part is exact). */
function roundHalfEven(m: number): number {
  const f = Math.floor(m);
  const d = m - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * float → binary16 bits, rounding x once to the nearest half (ties to even): so for a float32 input this is
 * the IEEE float32 → half conversion. |x| ≥ 65520 gives ±Inf, tiny values become subnormals or ±0 (the sign
 * of zero is kept), NaN gives the quiet NaN 0x7e00 (0xfe00 never: a JS NaN has no reliable sign).
 */
export function toHalfBits(x: number): number {
  if (x !== x) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= OVERFLOW) return sign | 0x7c00;
  if (a < MIN_NORMAL) {
    // Subnormal: a multiple of 2^-24; a rounding up to 1024 lands exactly on the smallest normal's bits.
    return sign | roundHalfEven(a / SUBNORMAL_ULP);
  }
  // 2^e ≤ a < 2^(e+1), e in [-14, 15]; Math.log2 may be off by one near powers of two, so correct it.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let n = roundHalfEven((a / 2 ** e) * 1024); // in [1024, 2048], exact scaling by powers of two
  if (n === 2048) {
    n = 1024;
    e++;
  }
  return sign | ((e + 15) << 10) | (n - 1024); // e + 15 ≤ 30 since a < 65520
}

/** binary16 bits (0..65535) → their exact value (±Inf, NaN, subnormals included). */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  if (exp === 0) return sign * mant * SUBNORMAL_ULP;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/**
 * float32 array → binary16 bits, element-wise as {@link toHalfBits}, except that a NaN keeps its sign and the
 * top 9 bits of its payload (as hardware conversions do), with the quiet bit set so it stays a NaN.
 */
export function toHalfArray(x: Float32Array): Uint16Array {
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const out = new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) {
      const b = bits[i];
      out[i] = ((b >>> 16) & 0x8000) | 0x7e00 | ((b >>> 13) & 0x1ff);
    } else {
      out[i] = toHalfBits(v);
    }
  }
  return out;
}

/** The float32 values the `_f16w_f32` kernels compute with: each element rounded to half and decoded. */
export function roundToHalf(x: Float32Array): Float32Array {
  const h = toHalfArray(x);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = fromHalfBits(h[i]);
  return out;
}
