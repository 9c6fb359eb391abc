/**
 * The default pipeline on real imported models: DS-CNN (conv/depthwise + BN + ReLU + Dropout) must come out with
 * every BatchNorm folded, every ReLU fused and no training-only ops; MobileNetV1 additionally with its
 * ZeroPadding2D layers fused and ReLU6 clamps.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { runFloat } from '../../src/reference/runFloat';
import { ZOO, zooInputs } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

let tf: typeof TF;
let root: string;

beforeAll(async () => {
  tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-optimize-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

async function load(name: string): Promise<{ model: TF.LayersModel; g: Graph }> {
  const entry = ZOO.find((e) => e.name === name);
  if (!entry) throw new Error(`no zoo model ${name}`);
  const model = entry.build(tf);
  seedWeights(model, 99);
  await saveModel(model, path.join(root, name));
  return { model, g: importModel(path.join(root, name, 'model.json')) };
}

function isClampActivation(g: Graph): string[] {
  return g.ops.filter((o) => o.kind === 'activation' && ['relu', 'relu6'].includes(o.attrs.fn)).map((o) => o.name);
}

function expectRelClose(actual: Float32Array, expected: Float32Array, rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
      throw new Error(`element ${i}: ${actual[i]} vs ${expected[i]}`);
    }
  }
}

describe('optimize on zoo models', () => {
  it('dscnn_kws: no affine or relu activation left, every conv/depthwise clamped, same outputs', async () => {
    const { model, g } = await load('dscnn_kws');
    const entry = ZOO.find((e) => e.name === 'dscnn_kws')!;
    expect(g.ops.some((o) => o.kind === 'affine')).toBe(true);
    expect(isClampActivation(g).length).toBeGreaterThan(0);
    const before = JSON.stringify(g.ops.map((o) => [o.kind, o.attrs]));

    const opt = optimize(g);
    expect(JSON.stringify(g.ops.map((o) => [o.kind, o.attrs]))).toBe(before); // optimize works on a copy
    expect(opt.ops.filter((o) => o.kind === 'affine')).toEqual([]);
    expect(isClampActivation(opt)).toEqual([]);
    expect(opt.ops.filter((o) => o.kind === 'identity')).toEqual([]);
    const convs = opt.ops.filter((o) => o.kind === 'conv2d' || o.kind === 'depthwise_conv2d');
    expect(convs).toHaveLength(9);
    for (const op of convs) {
      if (op.kind !== 'conv2d' && op.kind !== 'depthwise_conv2d') continue;
      expect(op.attrs.clamp).toEqual({ min: 0, max: Infinity });
    }
    expect(opt.ops.map((o) => o.kind)).toEqual([
      'conv2d',
      ...Array(4).fill(['depthwise_conv2d', 'conv2d']).flat(),
      'pool2d',
      'reshape',
      'dense',
      'softmax',
    ]);

    const x = zooInputs(entry, 5);
    const [want] = runFloat(g, x);
    const [got] = runFloat(opt, x);
    expectRelClose(got, want, 1e-5, 1e-7);
    const predicted = tf.tidy(() => Float32Array.from((model.predict(tf.tensor(x[0], [1, 49, 10, 1])) as TF.Tensor).dataSync()));
    expectRelClose(got, predicted, 1e-3, 1e-4);
  });

  it('mobilenet_v1_025: ZeroPadding2D fused, BN folded, ReLU6 as [0, 6] clamps', async () => {
    const { g } = await load('mobilenet_v1_025');
    expect(g.ops.filter((o) => o.kind === 'pad')).toHaveLength(4);
    const opt = optimize(g);
    expect(opt.ops.filter((o) => ['pad', 'affine', 'identity', 'activation'].includes(o.kind))).toEqual([]);
    const convs = opt.ops.filter((o) => o.kind === 'conv2d' || o.kind === 'depthwise_conv2d');
    expect(convs).toHaveLength(27);
    for (const op of convs) {
      if (op.kind !== 'conv2d' && op.kind !== 'depthwise_conv2d') continue;
      expect(op.attrs.clamp).toEqual({ min: 0, max: 6 });
    }
    const strided = opt.ops.filter((o) => o.kind === 'depthwise_conv2d' && o.attrs.strides[0] === 2);
    expect(strided).toHaveLength(4);
    for (const op of strided) if (op.kind === 'depthwise_conv2d') expect(op.attrs.pad).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
  });
});
