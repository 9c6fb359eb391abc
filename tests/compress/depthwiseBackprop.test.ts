import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerDepthwiseBackprop } from '../../src/compress/depthwiseBackprop';

// The depthwise gradient kernels used to train examples/mnist/dsconv must give the same filter and input
// gradients as TF.js's own cpu kernels, on both backends they are registered for.
type Shape4 = [number, number, number, number];
const cases: Array<{ x: Shape4; f: Shape4; s: number | [number, number]; pad: 'valid' | 'same' | tf.backend_util.ExplicitPadding }> = [
  { x: [3, 14, 14, 8], f: [3, 3, 8, 1], s: 1, pad: 'same' },
  { x: [2, 14, 13, 16], f: [3, 3, 16, 1], s: 2, pad: 'same' },
  { x: [2, 7, 7, 4], f: [3, 3, 4, 1], s: 2, pad: 'same' },
  { x: [2, 9, 8, 3], f: [5, 2, 3, 2], s: [1, 2], pad: 'valid' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 3], s: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
];

function grads(x: tf.Tensor4D, f: tf.Tensor4D, dy: tf.Tensor4D, c: (typeof cases)[number]): [Float32Array, Float32Array] {
  const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dy));
  const [gx, gf] = tf.grads(loss)([x, f]);
  return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array];
}

function maxRelErr(got: Float32Array, ref: Float32Array): number {
  expect(got.length).toBe(ref.length);
  let scale = 0;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
  return err / Math.max(scale, 1e-30);
}

test('matches the built-in cpu kernels on cpu and wasm', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // TF.js's "install tfjs-node" banner
  await tf.setBackend('cpu');
  const inputs = cases.map((c, k) => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1 + k) as tf.Tensor4D;
    const f = tf.randomNormal(c.f, 0, 1, 'float32', 11 + k) as tf.Tensor4D;
    const outShape = tf.depthwiseConv2d(x, f, c.s, c.pad).shape;
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 21 + k) as tf.Tensor4D;
    return { c, x: x.arraySync(), f: f.arraySync(), dy: dy.arraySync(), ref: grads(x, f, dy, c) };
  });
  registerDepthwiseBackprop(tf);
  for (const backend of ['cpu', 'wasm']) {
    expect(await tf.setBackend(backend)).toBe(true);
    for (const { c, x, f, dy, ref } of inputs) {
      const [gx, gf] = grads(tf.tensor4d(x), tf.tensor4d(f), tf.tensor4d(dy), c);
      // Same float64 accumulation as the built-in kernels, in a different order: float32 rounding only.
      expect(maxRelErr(gx, ref[0])).toBeLessThan(1e-6);
      expect(maxRelErr(gf, ref[1])).toBeLessThan(1e-6);
    }
  }
  warn.mockRestore();
});
