import type * as TF from '@tensorflow/tfjs';
import { makeDataset, type Dataset } from '../../src/compress/dataset';
import { graphMacs } from '../../src/compress/structured';
import { structuredPrune } from '../../src/compress/structuredTf';
import { layersModelToGraph } from '../../src/compress/tfModelIo';
import { getTrainingTf } from '../../src/compress/train';
import { TinyfitError } from '../../src/errors';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { evaluateQuantized } from '../../src/quantize/evaluate';
import { mulberry32 } from '../../src/util/rng';

/** conv1(6) → pool → conv2(8, same) → flatten → fc1(12) → fc2(3, softmax) on [8, 8, 1]. */
function convNet(tf: typeof TF): TF.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: 30 + k });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ name: 'conv1', inputShape: [8, 8, 1], filters: 6, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
  m.add(tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }));
  m.add(tf.layers.conv2d({ name: 'conv2', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'fc1', units: 12, activation: 'relu', kernelInitializer: init(3) }));
  m.add(tf.layers.dense({ name: 'fc2', units: 3, activation: 'softmax', kernelInitializer: init(4) }));
  return m;
}

/** Functional: conv(4, linear) → BN → relu → depthwise(×2) → conv 1×1 (5) → global average pool → dense(3). */
function bnNet(tf: typeof TF): TF.LayersModel {
  const x = tf.input({ shape: [6, 6, 2], name: 'in' });
  let y = tf.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 3, padding: 'same' }).apply(x) as TF.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'bn' }).apply(y) as TF.SymbolicTensor;
  y = tf.layers.activation({ name: 'relu', activation: 'relu' }).apply(y) as TF.SymbolicTensor;
  y = tf.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, padding: 'same' }).apply(y) as TF.SymbolicTensor;
  y = tf.layers.conv2d({ name: 'pw', filters: 5, kernelSize: 1, activation: 'relu' }).apply(y) as TF.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(y) as TF.SymbolicTensor;
  const out = tf.layers.dense({ name: 'out', units: 3 }).apply(y) as TF.SymbolicTensor;
  return tf.model({ inputs: x, outputs: out });
}

/** Residual block: conv a feeds an Add (unsupported) and a branch; b is fine. */
function residualNet(tf: typeof TF): TF.LayersModel {
  const x = tf.input({ shape: [6, 6, 3], name: 'in' });
  const a = tf.layers.conv2d({ name: 'a', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as TF.SymbolicTensor;
  const b = tf.layers.conv2d({ name: 'b', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(a) as TF.SymbolicTensor;
  const c = tf.layers.conv2d({ name: 'c', filters: 3, kernelSize: 3, padding: 'same' }).apply(b) as TF.SymbolicTensor;
  const s = tf.layers.add({ name: 'add' }).apply([c, a]) as TF.SymbolicTensor;
  const f = tf.layers.flatten({ name: 'flat' }).apply(s) as TF.SymbolicTensor;
  const out = tf.layers.dense({ name: 'out', units: 2 }).apply(f) as TF.SymbolicTensor;
  return tf.model({ inputs: x, outputs: out });
}

/** Every weight of the model set to seeded random values (non-zero biases and batch-norm statistics). */
function randomize(tf: typeof TF, m: TF.LayersModel, seed: number): void {
  const rng = mulberry32(seed);
  for (const l of m.layers) {
    const ws = l.getWeights().map((w) => {
      const v = Float32Array.from({ length: w.size }, () => rng() - 0.5);
      return tf.tensor(v, w.shape);
    });
    if (l.name === 'bn') ws[3] = tf.tensor(Float32Array.from({ length: ws[3].size }, () => 0.5 + rng()), ws[3].shape);
    l.setWeights(ws);
  }
}

/** Sets `channels` of the given weights of a layer (along the last axis, or `axis`) to zero. */
function zero(tf: typeof TF, m: TF.LayersModel, layer: string, params: Record<string, number>, channels: (i: number) => boolean): void {
  const l = m.getLayer(layer);
  const ws = l.getWeights().map((w, i) => {
    const p = l.weights[i].name.split('/').pop()!.replace(/_\d+$/, '');
    if (!(p in params)) return w.clone();
    const axis = params[p] < 0 ? w.rank + params[p] : params[p];
    const d = Float32Array.from(w.dataSync());
    const strideIn = w.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < d.length; i++) if (channels(Math.floor(i / strideIn) % w.shape[axis])) d[i] = 0;
    return tf.tensor(d, w.shape);
  });
  l.setWeights(ws);
}

function inputs(n: number, shape: number[], seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, () => rng());
}

function maxDiff(a: TF.Tensor, b: TF.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

/** Labels: which third of the image rows is brightest. */
function thirds(n: number, seed: number): Dataset {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * 64);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = Math.floor(rng() * 3);
    for (let p = 0; p < 64; p++) x[i * 64 + p] = rng() * 0.5 + (Math.min(2, Math.floor(Math.floor(p / 8) / 3)) === cls ? 0.5 : 0);
    y[i] = cls;
  }
  return makeDataset(x, [n, 8, 8, 1], y);
}

describe('structured pruning of TF.js models', () => {
  let tf: typeof TF;
  beforeAll(async () => {
    tf = await getTrainingTf();
  });

  it('rewrites shapes and, before fine-tuning, computes what the model computes with those filters zeroed', async () => {
    const m = convNet(tf);
    randomize(tf, m, 1);
    const data = thirds(16, 2);
    const r = await structuredPrune(m, { train: data }, { layers: { conv1: 4, conv2: 0.5, fc1: 7 }, epochs: 0 });
    expect(r.removed.conv1).toHaveLength(2);
    expect(r.removed.conv2).toHaveLength(4);
    expect(r.removed.fc1).toHaveLength(5);
    const shapes = Object.fromEntries(r.model.layers.map((l) => [l.name, l.getWeights().map((w) => w.shape)]));
    expect(shapes.conv1).toEqual([[3, 3, 1, 4], [4]]);
    expect(shapes.conv2).toEqual([[3, 3, 4, 4], [4]]);
    expect(shapes.fc1).toEqual([[3 * 3 * 4, 7], [7]]);
    expect(shapes.fc2).toEqual([[7, 3], [3]]);
    // L1 ranking: the removed conv1 filters are the ones with the smallest |w| sums
    const k = m.getLayer('conv1').getWeights()[0];
    const l1 = Array.from({ length: 6 }, (_, c) => Array.from(k.dataSync()).filter((_, i) => i % 6 === c).reduce((a, v) => a + Math.abs(v), 0));
    const order = [...l1.keys()].sort((a, b) => l1[a] - l1[b]);
    expect(r.removed.conv1).toEqual(order.slice(0, 2).sort((a, b) => a - b));

    const x = tf.tensor(inputs(5, [8, 8, 1], 3), [5, 8, 8, 1]);
    const before = m.predict(x) as TF.Tensor;
    for (const [layer, drop] of Object.entries(r.removed)) zero(tf, m, layer, { kernel: -1, bias: 0 }, (c) => drop.includes(c));
    const zeroed = m.predict(x) as TF.Tensor;
    expect(maxDiff(before, zeroed)).toBeGreaterThan(1e-3); // the removed filters mattered
    expect(maxDiff(r.model.predict(x) as TF.Tensor, zeroed)).toBeLessThan(1e-6);

    // MACs come from the imported IR graph; the pruned model imports, quantizes to int8 and runs
    const g = await layersModelToGraph(tf, r.model);
    expect(graphMacs(g)).toBe(r.macsAfter);
    expect(r.macsBefore).toBe(graphMacs(await layersModelToGraph(tf, convNet(tf))));
    const float = optimizeForInt8(g);
    const samples = Array.from({ length: 8 }, (_, i) => [inputs(1, [8, 8, 1], 10 + i)]);
    const { graph: quant } = quantizeModel(float, samples);
    const rep = evaluateQuantized(float, quant, samples);
    expect(rep.top1Agreement).toBeGreaterThanOrEqual(0.75);
    expect(rep.cosine).toBeGreaterThan(0.99);
  });

  it('slices batch norm and depthwise channels in a functional model', async () => {
    const m = bnNet(tf);
    randomize(tf, m, 4);
    const data = makeDataset(inputs(4, [6, 6, 2], 5), [4, 6, 6, 2], [0, 1, 2, 0]);
    const r = await structuredPrune(m, { train: data }, { layers: { conv: 2, pw: 3 }, epochs: 0 });
    await expect(structuredPrune(m, { train: data }, { layers: { pw: 3 }, criterion: 'bn', epochs: 0 })).rejects.toThrow(/'pw' by batch-norm γ: no batch norm/);
    const gamma = Array.from(m.getLayer('bn').getWeights()[0].dataSync(), Math.abs);
    const lowest = [...gamma.keys()].sort((a, b) => gamma[a] - gamma[b]).slice(0, 2).sort((a, b) => a - b);
    expect(r.removed.conv).toEqual(lowest);
    const shapes = Object.fromEntries(r.model.layers.map((l) => [l.name, l.getWeights().map((w) => w.shape)]));
    expect(shapes.bn).toEqual([[2], [2], [2], [2]]);
    expect(shapes.dw).toEqual([[3, 3, 2, 2], [4]]);
    expect(shapes.pw).toEqual([[1, 1, 4, 3], [3]]);
    expect(shapes.out).toEqual([[3, 3], [3]]);

    const x = tf.tensor(inputs(3, [6, 6, 2], 6), [3, 6, 6, 2]);
    const drop = (c: number) => r.removed.conv.includes(c);
    zero(tf, m, 'conv', { kernel: -1, bias: 0 }, drop);
    zero(tf, m, 'bn', { gamma: 0, beta: 0 }, drop);
    zero(tf, m, 'dw', { bias: 0 }, (c) => drop(Math.floor(c / 2)));
    zero(tf, m, 'pw', { kernel: -1, bias: 0 }, (c) => r.removed.pw.includes(c));
    expect(maxDiff(r.model.predict(x) as TF.Tensor, m.predict(x) as TF.Tensor)).toBeLessThan(1e-5);
  });

  it('reaches a MAC target with greedy allocation and fine-tunes in steps', async () => {
    const m = convNet(tf);
    const train = thirds(192, 8);
    const test = thirds(96, 9);
    const r = await structuredPrune(m, { train, test }, { macFraction: 0.5, steps: 2, epochs: 2, learningRate: 1e-2, batchSize: 32, seed: 1, augmentShift: 1 });
    expect(r.macsAfter).toBeLessThanOrEqual(0.5 * r.macsBefore);
    expect(r.macsAfter).toBeGreaterThan(0.3 * r.macsBefore);
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0].macs).toBeLessThanOrEqual(0.75 * r.macsBefore);
    expect(r.steps[0].macs).toBeGreaterThan(r.macsAfter);
    expect(r.paramsAfter).toBeLessThan(r.paramsBefore);
    expect(Object.keys(r.removed).every((l) => ['conv1', 'conv2', 'fc1'].includes(l))).toBe(true);
    expect(r.model.getLayer('fc2').getWeights()[0].shape[1]).toBe(3);
    expect(r.steps[1].accuracy).toBeGreaterThan(0.6);
    expect(r.steps[1].kept).toEqual(Object.fromEntries(['conv1', 'conv2', 'fc1'].map((l) => [l, r.model.getLayer(l).getWeights()[1].shape[0]])));
    expect(r.skipped).toEqual([]);
  });

  it('refuses layers it cannot rewrite, naming them', async () => {
    const m = residualNet(tf);
    const data = makeDataset(inputs(2, [6, 6, 3], 1), [2, 6, 6, 3], [0, 1]);
    const refuse = async (layers: Record<string, number>, what: RegExp) => {
      const p = structuredPrune(m, { train: data }, { layers, epochs: 0 });
      await expect(p).rejects.toThrow(TinyfitError);
      await expect(p).rejects.toThrow(what);
    };
    await refuse({ a: 2 }, /'a'.*read by 2 layers \(b, add\)/);
    await refuse({ c: 2 }, /'c'.*'add' \(Add\) combines it with another input/);
    await refuse({ out: 1 }, /'out'.*model output/);
    await refuse({ flat: 1 }, /'flat'.*only Conv2D filters and Dense units/);
    await refuse({ nope: 1 }, /no layer named 'nope'/);
    await refuse({ b: 4 }, /'b' cannot keep 4 of its 3/);
    // the MAC allocation leaves the unsupported layers alone and says why
    const r = await structuredPrune(m, { train: data }, { macFraction: 0.8, epochs: 0 });
    expect(r.skipped.map((s) => s.layer)).toEqual(['a', 'c']);
    expect(Object.keys(r.removed)).toEqual(['b']);
    expect(r.macsAfter).toBeLessThanOrEqual(0.8 * r.macsBefore);
  });
});
