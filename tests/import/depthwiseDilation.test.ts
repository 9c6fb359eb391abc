/**
 * DepthwiseConv2D with dilation_rate > 1 follows Keras semantics. TF.js serializes `dilation_rate` for the layer
 * but its call() and computeOutputShape() ignore it (a known TF.js bug), so TF.js predict is no reference here.
 * The tf.depthwiseConv2d *op* does honour dilations, so the expected output is computed with it directly from the
 * layer's weights.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { runFloat } from '../../src/reference/runFloat';
import { uniformArray } from '../helpers/rng';
import { saveModel, seedWeights } from '../zoo/save';
import { k3Layer, k3Sequential, writeKerasModel } from './keras';

let tf: typeof TF;
let root: string;

beforeAll(async () => {
  tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-dwdil-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

interface Case {
  name: string;
  input: [number, number, number];
  kernel: [number, number];
  dilation: [number, number];
  padding: 'same' | 'valid';
  depthMultiplier: number;
  useBias: boolean;
  activation?: 'relu';
}

const CASES: Case[] = [
  { name: 'k3_d2_same', input: [9, 10, 3], kernel: [3, 3], dilation: [2, 2], padding: 'same', depthMultiplier: 1, useBias: true },
  { name: 'k3_d2_valid', input: [9, 9, 2], kernel: [3, 3], dilation: [2, 2], padding: 'valid', depthMultiplier: 1, useBias: true },
  { name: 'k3_d2_valid_dm2', input: [11, 8, 3], kernel: [3, 3], dilation: [2, 2], padding: 'valid', depthMultiplier: 2, useBias: false },
  { name: 'k3_d2_same_dm2_relu', input: [8, 8, 2], kernel: [3, 3], dilation: [2, 2], padding: 'same', depthMultiplier: 2, useBias: true, activation: 'relu' },
  { name: 'k2x3_d2x1_same', input: [7, 9, 4], kernel: [2, 3], dilation: [2, 1], padding: 'same', depthMultiplier: 1, useBias: true },
];

/** What Keras computes: the dilated depthwise op, plus bias and activation. */
function expected(c: Case, x: Float32Array, kernel: Float32Array, bias: Float32Array | undefined): { data: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [1, ...c.input]);
    const w = tf.tensor4d(kernel, [c.kernel[0], c.kernel[1], c.input[2], c.depthMultiplier]);
    let y: TF.Tensor = tf.depthwiseConv2d(xt, w, 1, c.padding, 'NHWC', c.dilation);
    if (bias) y = tf.add(y, tf.tensor1d(bias));
    if (c.activation === 'relu') y = tf.relu(y);
    return { data: Float32Array.from(y.dataSync()), shape: y.shape.slice(1) };
  });
}

function expectClose(actual: Float32Array, want: Float32Array, what: string): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(actual[i] - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]))) {
      throw new Error(`${what}: element ${i} is ${actual[i]}, expected ${want[i]}`);
    }
  }
}

describe('DepthwiseConv2D dilation_rate (TF.js-saved layer)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const model = tf.sequential({
      name: `dw_${c.name}`,
      layers: [
        tf.layers.depthwiseConv2d({
          inputShape: c.input,
          kernelSize: c.kernel,
          dilationRate: c.dilation,
          padding: c.padding,
          depthMultiplier: c.depthMultiplier,
          useBias: c.useBias,
          activation: c.activation,
        }),
      ],
    });
    seedWeights(model, 77);
    const dir = path.join(root, c.name);
    await saveModel(model, dir);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { modelTopology: unknown };
    expect(JSON.stringify(saved.modelTopology)).toContain(`"dilation_rate":[${c.dilation[0]},${c.dilation[1]}]`);

    const g = importModel(path.join(dir, 'model.json'));
    const dw = g.ops.find((o) => o.kind === 'depthwise_conv2d');
    expect(dw?.kind === 'depthwise_conv2d' && dw.attrs.dilations).toEqual(c.dilation);

    const weights = model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    const x = uniformArray(c.input[0] * c.input[1] * c.input[2], 78);
    const want = expected(c, x, weights[0], c.useBias ? weights[1] : undefined);
    expect(g.tensors.get(g.outputs[0])?.shape).toEqual(want.shape);
    expectClose(runFloat(g, [x])[0], want.data, c.name);
    expectClose(runFloat(optimize(g), [x])[0], want.data, `${c.name} (optimized)`);
  });

  it('TF.js predict is not a reference: its layer ignores the dilation (documents why the op is used)', () => {
    const model = tf.sequential({
      layers: [tf.layers.depthwiseConv2d({ inputShape: [9, 9, 2], kernelSize: 3, dilationRate: 2, padding: 'valid' })],
    });
    const keras = expected(CASES[1], new Float32Array(162), new Float32Array(18), undefined).shape; // [5, 5, 2]
    expect(keras).toEqual([5, 5, 2]);
    // If TF.js ever fixes this, the output shape becomes [5, 5, 2] and predict can serve as a reference again.
    expect(model.outputs[0].shape.slice(1)).toEqual([7, 7, 2]);
  });
});

describe('DepthwiseConv2D dilation_rate (Keras 3 file, weight named kernel)', () => {
  it('k3 d2 same, depth multiplier 2', () => {
    const c: Case = { name: 'k3', input: [8, 9, 2], kernel: [3, 3], dilation: [2, 2], padding: 'same', depthMultiplier: 2, useBias: true };
    const kernel = uniformArray(3 * 3 * 2 * 2, 91, -0.5, 0.5);
    const bias = uniformArray(4, 92, -0.1, 0.1);
    const topo = k3Sequential('dw_keras3', c.input, [
      k3Layer('DepthwiseConv2D', 'depthwise_conv2d', {
        kernel_size: [3, 3],
        strides: [1, 1],
        padding: 'same',
        depth_multiplier: 2,
        data_format: 'channels_last',
        dilation_rate: [2, 2],
        activation: 'linear',
        use_bias: true,
      }),
    ]);
    const file = writeKerasModel(root, 'dw_keras3.json', topo, [
      { name: 'depthwise_conv2d/kernel', shape: [3, 3, 2, 2], data: kernel },
      { name: 'depthwise_conv2d/bias', shape: [4], data: bias },
    ]);
    const g = importModel(file);
    const x = uniformArray(8 * 9 * 2, 93);
    const want = expected(c, x, kernel, bias);
    expect(g.tensors.get(g.outputs[0])?.shape).toEqual(want.shape);
    expectClose(runFloat(g, [x])[0], want.data, 'keras3 dilated depthwise');
  });
});
