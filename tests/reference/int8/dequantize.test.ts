/** dequantizeInt8: bit-exact against float32(scale·(q − zp)), TFLM's Dequantize, over every int8 value. */
import { dequantizeInt8 } from '../../../src/reference/int8/dequantize';
import { actParams, expectBitExact, f32Mul, mulberry32, randScale, randZp } from './slow';

const CASES = 200;

describe('dequantizeInt8', () => {
  test(`DEQUANTIZE is float32(scale·(q − zp)) exactly (${CASES} random cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const rng = mulberry32(9000 + seed);
      const scale = randScale(rng);
      const zp = randZp(rng);
      const q = Int8Array.from({ length: 256 }, (_, i) => i - 128);
      const got = dequantizeInt8(q, actParams(scale, zp));
      expectBitExact(`case ${seed}`, got, Array.from(q, (v) => f32Mul(scale, v - zp)));
    }
  });
});
