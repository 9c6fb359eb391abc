import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PADDING_STRIDE_CASES, type ConvCase } from './convCases';
import { registerFastConv2DBackpropInput } from '../../src/compress/conv2dBackpropInput';

// The replacement wasm Conv2DBackpropInput kernel must give the input gradients of TF.js's own cpu kernel.
const cases: ConvCase[] = [{ x: [3, 12, 12, 20], f: [5, 5, 20, 6], s: 1, pad: 'valid' }, ...PADDING_STRIDE_CASES];

function inputGrad(w: tf.Tensor4D, dy: tf.Tensor4D, c: ConvCase): Float32Array {
  const x0 = tf.zeros(c.x) as tf.Tensor4D;
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w, c.s, c.pad), dy)))(x0);
  return g.dataSync() as Float32Array;
}

test('matches the built-in cpu kernel on wasm', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // TF.js's "install tfjs-node" banner
  await tf.setBackend('cpu');
  const inputs = cases.map((c) => {
    const w = tf.randomNormal(c.f, 0, 1, 'float32', 1) as tf.Tensor4D;
    const outShape = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, w, c.s, c.pad).shape;
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 2) as tf.Tensor4D;
    return { c, w: w.arraySync(), dy: dy.arraySync(), ref: inputGrad(w, dy, c) };
  });
  expect(await tf.setBackend('wasm')).toBe(true);
  const before = tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc;
  registerFastConv2DBackpropInput(tf);
  expect(tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc).not.toBe(before);
  for (const { c, w, dy, ref } of inputs) {
    const got = inputGrad(tf.tensor4d(w), tf.tensor4d(dy), c);
    expect(got.length).toBe(ref.length);
    let maxErr = 0;
    let maxRef = 0;
    for (let i = 0; i < ref.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
    }
    expect(maxRef).toBeGreaterThan(1);
    expect(maxErr).toBeLessThan(1e-4 * maxRef); // float32 matrix product vs the cpu kernel's loop
  }
  warn.mockRestore();
});
