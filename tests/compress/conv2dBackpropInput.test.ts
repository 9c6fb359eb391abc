import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastConv2DBackpropInput } from '../../src/compress/conv2dBackpropInput';

// The replacement wasm Conv2DBackpropInput kernel must give the input gradients of TF.js's own cpu kernel.
type Shape4 = [number, number, number, number];
const cases: Array<{ x: Shape4; f: Shape4; s: number | [number, number]; pad: 'valid' | 'same' | tf.backend_util.ExplicitPadding }> = [
  { x: [3, 12, 12, 20], f: [5, 5, 20, 6], s: 1, pad: 'valid' },
  { x: [2, 13, 10, 3], f: [3, 3, 3, 5], s: 2, pad: 'same' },
  { x: [2, 9, 9, 1], f: [4, 2, 1, 3], s: [1, 2], pad: 'same' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 2], s: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
];

function inputGrad(w: tf.Tensor4D, dy: tf.Tensor4D, c: (typeof cases)[number]): Float32Array {
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
