/**
 * quantizeInt8 / dequantizeInt8: bit-exact against exact-rational emulations of TFLM's float32 arithmetic
 * (x / scale rounded to float32, std::round, + zp, clamp; float32(scale·(q − zp))), and the round trip error.
 */
import { quantizeInt8 } from '../../../src/reference/int8/quantize';
import { dequantizeInt8 } from '../../../src/reference/int8/dequantize';
import { actParams, expectBitExact, expectWithin, f32Div, mulberry32, randInt, randScale, randZp, stdRound } from './slow';

const CASES = 200;

/** AffineQuantize: float32(x / s), std::round, + zp, clamp (NaN → zp, ±∞ saturate). */
function slowQuantize(x: number, s: number, zp: number): number {
  if (Number.isNaN(x)) return zp;
  if (!Number.isFinite(x)) return x > 0 ? 127 : -128;
  const v = stdRound(f32Div(x, s)) + zp;
  return Math.min(127, Math.max(-128, v));
}

function makeInput(seed: number): { x: Float32Array; scale: number; zp: number; ties: number } {
  const rng = mulberry32(8000 + seed);
  // Power-of-two scales make x / s exact, so exact .5 ties can be planted.
  const scale = rng() < 0.3 ? 2 ** randInt(rng, -20, 6) : randScale(rng);
  const zp = randZp(rng);
  const n = randInt(rng, 1, 64);
  const x = new Float32Array(n);
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const u = rng();
    if (u < 0.05) x[i] = pick4(rng, [Infinity, -Infinity, NaN, 0]);
    else if (u < 0.1) x[i] = (rng() < 0.5 ? -1 : 1) * 3e38;
    else if (u < 0.3) {
      x[i] = scale * (randInt(rng, -140, 140) + 0.5); // a tie when scale is a power of two
      ties++;
    } else x[i] = scale * (rng() * 300 - 150); // around and beyond the representable range
  }
  return { x, scale: Math.fround(scale), zp, ties };
}

function pick4<T>(rng: () => number, xs: T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}

describe('quantizeInt8 / dequantizeInt8', () => {
  test(`QUANTIZE matches the exact emulation bit for bit (${CASES} random cases, ties, ±∞, NaN, huge values)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const { x, scale, zp } = makeInput(seed);
      expectBitExact(`case ${seed}`, quantizeInt8(x, actParams(scale, zp)), Array.from(x, (v) => slowQuantize(v, scale, zp)));
    }
  });

  test('QUANTIZE rounds ties away from zero', () => {
    const x = Float32Array.from([0.5, 1.5, 2.5, -0.5, -1.5, -2.5]);
    expect(Array.from(quantizeInt8(x, actParams(1, 0)))).toEqual([1, 2, 3, -1, -2, -3]);
    expect(Array.from(quantizeInt8(x, actParams(1, -128)))).toEqual([-127, -126, -125, -128, -128, -128]);
  });

  test(`round trip: |dequantize(quantize(x)) − x| ≤ half a step inside the range (${CASES} cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const { x, scale, zp } = makeInput(seed);
      const y = dequantizeInt8(quantizeInt8(x, actParams(scale, zp)), actParams(scale, zp));
      const lo = Math.fround(scale * (-128 - zp));
      const hi = Math.fround(scale * (127 - zp));
      const want = Array.from(x, (v) => (Number.isNaN(v) ? 0 : Math.min(hi, Math.max(lo, v))));
      // float32(x / s) is within 2^−24 relative of x / s (|x / s| ≲ 256 here), the dequantized value within 2^−24.
      expectWithin(`case ${seed}`, y, want, (i) => 0.5 * scale * (1 + 2 ** -14) + 2 ** -23 * Math.abs(want[i]));
    }
  });
});
