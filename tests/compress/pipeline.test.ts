import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compressModel, type CompressRecipe, type PipelineProgress } from '../../src/compress/pipeline';
import { int8Predictions } from '../../src/compress/int8Stage';
import { saveLayersModel } from '../../src/compress/tfModelIo';
import { getTrainingTf } from '../../src/compress/train';
import { sliceDataset } from '../../src/compress/dataset';
import { tensor } from '../../src/ir/graph';
import type { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { tinyData, tinyModel } from './tinyModel';

/** The int8 weights of a layer of the compressed graph, and its storage kind. */
function weightsOf(g: Graph, layer: string): { data: Int8Array; storage: string; scales: number } {
  const t = tensor(g, g.ops.find((o) => o.name === layer)!.inputs[1]);
  return { data: t.data as Int8Array, storage: t.storage?.kind ?? 'dense', scales: t.quant!.scale.length };
}

/** The same graph with every compressed storage removed (plain int8 weights). */
function withoutStorage(g: Graph): Graph {
  return { ...g, tensors: new Map([...g.tensors].map(([id, t]) => [id, { ...t, storage: undefined }])) };
}

describe('compressModel', () => {
  const train = tinyData(192, 7);
  const test = tinyData(96, 8);
  let dir: string;
  beforeAll(async () => {
    const tf = await getTrainingTf();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-pipeline-'));
    const m = tinyModel(tf);
    // A trained starting point, as compressModel expects.
    const { fineTune } = await import('../../src/compress/train');
    await fineTune(m, train, { epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 3 });
    await saveLayersModel(tf, m, dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const recipe: CompressRecipe = {
    seed: 4,
    batchSize: 16,
    augmentShift: 1,
    prune: { sparsity: { conv: 0.5, fc1: 0.8 }, epochs: 3, lr: 2e-3, rampEpochs: 2 },
    cluster: { bits: { conv: 3, fc1: 3, fc2: 2 }, epochs: 2, lr: 1e-3 },
    calibrationSamples: 32,
  };

  it('runs every stage, keeps the masks, shares weights and computes on the compressed storage', async () => {
    const events: PipelineProgress[] = [];
    const r = await compressModel(path.join(dir, 'model.json'), { train, test }, recipe, { onProgress: (e) => events.push(e) });
    expect(r.stages.map((s) => s.name)).toEqual(['baseline', 'prune', 'cluster', 'int8', 'compressed']);
    expect(r.baselineAccuracy).toBeGreaterThan(0.8);
    expect(r.accuracy).toBeGreaterThan(0.8);
    for (const name of ['baseline', 'prune', 'cluster', 'int8', 'compressed']) {
      expect(events.filter((e) => e.stage === name && e.event !== 'step').map((e) => e.event)).toEqual(['start', 'end']);
    }
    // 12 batches per epoch: 3 prune epochs and 2 cluster epochs of step events.
    expect(events.filter((e) => e.event === 'step' && e.stage === 'prune')).toHaveLength(36);
    expect(events.filter((e) => e.event === 'step' && e.stage === 'cluster')).toHaveLength(24);

    // Sparsity reached, and the masks' zeros are zeros of the int8 weights.
    const fc1 = r.layers.find((l) => l.name === 'fc1')!;
    const conv = r.layers.find((l) => l.name === 'conv')!;
    expect(r.masks.get('fc1/kernel')!.filter((v) => v === 0).length).toBe(Math.round(0.8 * 1024));
    expect(fc1.weights - fc1.kept).toBeGreaterThanOrEqual(Math.round(0.8 * 1024));
    expect(conv.weights - conv.kept).toBeGreaterThanOrEqual(18);
    expect(r.layers.find((l) => l.name === 'fc2')!.sparsity).toBeLessThan(0.5);
    const kernel = r.model.getLayer('fc1').getWeights()[0].dataSync();
    const mask = r.masks.get('fc1/kernel')!;
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) expect(kernel[i]).toBe(0);

    // At most 2^bits distinct int8 values per clustered layer, one scale per tensor (conv too).
    for (const [layer, bits] of [['conv', 3], ['fc1', 3], ['fc2', 2]] as const) {
      const w = weightsOf(r.graph, layer);
      expect(new Set(w.data.filter((v) => v !== 0)).size).toBeLessThanOrEqual(2 ** bits);
      expect(w.scales).toBe(1);
      // Pruned layers get one cluster less: their sparse storage's codebook also holds the filler 0.
      expect(r.layers.find((l) => l.name === layer)!.clusters).toBe(layer === 'fc2' ? 2 ** bits : 2 ** bits - 1);
    }
    expect(weightsOf(r.graph, 'fc1').storage).toBe('sparseClustered');
    expect(weightsOf(r.graph, 'fc2').storage).toBe('clustered');
    expect(weightsOf(r.graph, 'conv').storage).toBe('sparseClustered');

    // The compressed graph computes exactly what the plain int8 graph with the same weights computes.
    const plain = withoutStorage(r.graph);
    for (let i = 0; i < 16; i++) {
      const x = test.x.slice(i * 36, (i + 1) * 36);
      expect(Array.from(runInt8(r.graph, [x])[0])).toEqual(Array.from(runInt8(plain, [x])[0]));
    }
    const pred = int8Predictions(r.graph, test);
    expect(pred.filter((p, i) => p === test.labels[i]).length / test.count).toBeCloseTo(r.accuracy, 10);
  });

  it('is deterministic with a seed', async () => {
    const small = sliceDataset(train, 0, 64);
    const rc: CompressRecipe = { ...recipe, prune: { ...recipe.prune!, epochs: 1, rampEpochs: 1 }, cluster: { ...recipe.cluster!, epochs: 1 } };
    const a = await compressModel(dir, { train: small, test }, rc);
    const b = await compressModel(dir, { train: small, test }, rc);
    const c = await compressModel(dir, { train: small, test }, { ...rc, seed: 5 });
    const all = (g: Graph): number[] => ['conv', 'fc1', 'fc2'].flatMap((l) => Array.from(weightsOf(g, l).data));
    expect(all(a.graph)).toEqual(all(b.graph));
    expect(a.stages.map((s) => s.accuracy)).toEqual(b.stages.map((s) => s.accuracy));
    expect(all(a.graph)).not.toEqual(all(c.graph));
  });

  it('stores low-bit layers as int4', async () => {
    const r = await compressModel(dir, { train: sliceDataset(train, 0, 64), test }, { seed: 1, batchSize: 16, lowBit: { fc1: 4 }, cluster: { bits: { fc2: 3 }, epochs: 1, lr: 1e-3 } });
    const w = weightsOf(r.graph, 'fc1');
    expect(w.storage).toBe('int4');
    expect(Math.max(...w.data.map(Math.abs))).toBeLessThanOrEqual(7);
    expect(new Set(w.data).size).toBeGreaterThan(8);
    expect(r.accuracy).toBeGreaterThan(r.baselineAccuracy - 0.1);
  });

  it('Huffman-codes the combined storage without changing what the graph computes', async () => {
    const rc: CompressRecipe = { seed: 2, batchSize: 16, prune: { sparsity: { fc1: 0.8 }, epochs: 1, lr: 1e-3 }, cluster: { bits: { fc1: 3 }, epochs: 0 } };
    const small = sliceDataset(train, 0, 64);
    const plain = await compressModel(dir, { train: small, test }, rc);
    const coded = await compressModel(dir, { train: small, test }, { ...rc, huffman: 'stream' });
    const st = tensor(coded.graph, coded.graph.ops.find((o) => o.name === 'fc1')!.inputs[1]).storage;
    expect(st).toMatchObject({ kind: 'sparseClustered', huffmanMode: 'stream' });
    expect(Array.from(weightsOf(coded.graph, 'fc1').data)).toEqual(Array.from(weightsOf(plain.graph, 'fc1').data));
    expect(Array.from(int8Predictions(coded.graph, test))).toEqual(Array.from(int8Predictions(plain.graph, test)));
  });

  it('chooses per-layer sparsities from a sensitivity analysis', async () => {
    const r = await compressModel(dir, { train: sliceDataset(train, 0, 64), test }, { seed: 1, batchSize: 16, prune: { sensitivity: { maxDrop: 0.02, samples: 64, sparsities: [0.3, 0.6, 0.9] }, epochs: 1, lr: 1e-3 } });
    const detail = r.stages.find((s) => s.name === 'prune')!.detail;
    expect(detail).toMatch(/sparsity conv [0-9.]+ %, fc1 [0-9.]+ %, fc2 [0-9.]+ %/);
    // Each layer ends at one of the probed sparsities (or dense), and the masks say so.
    for (const [name, m] of r.masks) {
      const s = m.filter((v) => v === 0).length / m.length;
      expect([0, 0.3, 0.6, 0.9].some((p) => Math.abs(p - s) < 0.03)).toBe(true);
      expect(name).toMatch(/kernel$/);
    }
  });

  it('rejects bad recipes', async () => {
    await expect(compressModel(dir, { train, test }, { prune: { sparsity: 1.2, epochs: 1, lr: 1e-3 } })).rejects.toThrow(/prune.sparsity must be a fraction in \[0, 1\)/);
    await expect(compressModel(dir, { train, test }, { cluster: { bits: 12, epochs: 1, lr: 1e-3 } })).rejects.toThrow(/1\.\.8/);
    await expect(compressModel(dir, { train, test }, { prune: { sparsity: { nope: 0.5 }, epochs: 1, lr: 1e-3 } })).rejects.toThrow(/nope/);
  });
});
