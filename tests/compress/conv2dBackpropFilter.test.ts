import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PADDING_STRIDE_CASES, type ConvCase } from './convCases';
import { registerFastConv2DBackpropFilter } from '../../src/compress/conv2dBackpropFilter';

// The replacement Conv2DBackpropFilter kernel used to train examples/mnist/lenet5 must give the same filter
// gradients as TF.js's own cpu kernel, on both backends it is registered for.
const cases: ConvCase[] = [{ x: [3, 12, 11, 2], f: [5, 5, 2, 4], s: 1, pad: 'valid' }, ...PADDING_STRIDE_CASES];

function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, c: ConvCase): Float32Array {
  const w0 = tf.zeros(c.f) as tf.Tensor4D;
  const g = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, c.s, c.pad), dy)))(w0);
  return g.dataSync() as Float32Array;
}

test('matches the built-in cpu kernel on cpu and wasm', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // TF.js's "install tfjs-node" banner
  await tf.setBackend('cpu');
  const inputs = cases.map((c) => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const outShape = tf.conv2d(x, tf.zeros(c.f) as tf.Tensor4D, c.s, c.pad).shape;
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 2) as tf.Tensor4D;
    return { c, x: x.arraySync(), dy: dy.arraySync(), ref: filterGrad(x, dy, c) };
  });
  registerFastConv2DBackpropFilter(tf);
  for (const backend of ['cpu', 'wasm']) {
    expect(await tf.setBackend(backend)).toBe(true);
    for (const { c, x, dy, ref } of inputs) {
      const got = filterGrad(tf.tensor4d(x), tf.tensor4d(dy), c);
      expect(got.length).toBe(ref.length);
      let maxErr = 0;
      for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
      // cpu: same summation order in float64 as the built-in kernel; wasm: a float32 matrix product.
      expect(maxErr).toBeLessThan(backend === 'cpu' ? 1e-7 : 1e-4);
    }
  }
  warn.mockRestore();
});
