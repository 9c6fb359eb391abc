/**
 * activationLut / lutInt8: every table entry of a float-evaluated function equals an independent
 * quantize(f(dequantize(q))) (exact float32 division and std::round from the slow path, f = the float
 * interpreter's activation), and the int8 output is within half an output step of the float activation on
 * dequantized inputs. linear (requantize), relu, relu6, relu_n1_to_1, leaky_relu and hard_swish use TFLite's integer arithmetic
 * instead: tests/reference/int8/tfliteUnary.test.ts.
 */
import { ActivationFn, ActivationParams } from '../../../src/ir/types';
import { activation } from '../../../src/reference/float/activation';
import { activationLut, lutInt8 } from '../../../src/reference/int8/activation_lut';
import { actParams, dequant, expectBitExact, expectWithin, f32Div, mulberry32, pick, randInt8, randScale, randZp, saturateToInt8, stdRound } from './slow';

const FNS: [ActivationFn, ActivationParams][] = [
  ['sigmoid', {}], ['hard_sigmoid', {}], ['tanh', {}], ['elu', {}], ['elu', { alpha: 0.5 }],
  ['selu', {}], ['softplus', {}], ['softsign', {}], ['swish', {}],
  ['relu_ex', { maxValue: 2, threshold: -0.5, negativeSlope: 0.1 }], ['scale', { alpha: -3 }],
];

describe('activationLut / lutInt8', () => {
  test('every entry is quantize(f(dequantize(q))) for every activation (200 parameter draws)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = mulberry32(8000 + seed);
      const [fn, params] = FNS[seed % FNS.length];
      const [si, zi, so, zo] = [randScale(rng), randZp(rng), randScale(rng), randZp(rng)];
      const table = activationLut(fn, params, actParams(si, zi), actParams(so, zo));
      expect(table).toHaveLength(256);
      const x = new Float32Array(256);
      for (let i = 0; i < 256; i++) x[i] = si * (i - 128 - zi); // float32 store of an exact product
      const y = activation(x, { fn, params });
      const want = Array.from(y, (v) => {
        if (Number.isNaN(v)) return zo;
        if (!Number.isFinite(v)) return v > 0 ? 127 : -128;
        const q = f32Div(v, so);
        return Number.isFinite(q) ? Math.min(127, Math.max(-128, stdRound(q) + zo)) : q > 0 ? 127 : -128;
      });
      expectBitExact(`${fn} draw ${seed}`, table, want);
    }
  });

  test('the int8 activation is within half an output step of the float one (sigmoid, tanh, swish, elu)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(9000 + seed);
      const fn = pick(rng, ['sigmoid', 'tanh', 'swish', 'elu'] as ActivationFn[]);
      const [si, zi, so, zo] = [Math.fround(0.01 + rng() * 0.1), randZp(rng), Math.fround(0.005 + rng() * 0.05), randZp(rng)];
      const xq = randInt8(rng, 64);
      const got = dequant(lutInt8(xq, activationLut(fn, {}, actParams(si, zi), actParams(so, zo))), so, zo);
      const ref = saturateToInt8(activation(dequant(xq, si, zi), { fn, params: {} }), so, zo);
      expectWithin(`${fn} ${seed}`, got, ref, () => 0.5 * so * (1 + 1e-5));
    }
  });

  test('lutInt8 indexes by q + 128 and rejects a wrong table size', () => {
    const table = Int8Array.from({ length: 256 }, (_, i) => 127 - i);
    expect(Array.from(lutInt8(Int8Array.from([-128, 0, 127]), table))).toEqual([127, -1, -128]);
    expect(() => lutInt8(new Int8Array(3), new Int8Array(255))).toThrow(/256/);
  });
});
