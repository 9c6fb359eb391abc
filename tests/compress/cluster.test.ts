/**
 * Weight sharing: 1-D k-means, centroid updates, and clusters that survive batch-norm folding and int8
 * quantization (each cluster = one int8 value per tensor, or per channel when clustered per channel).
 */
import { PRUNED, clusterGraph, clusterWeights, decodeClusters, int8Codebook, kmeans1d, snapToInt8Grid, updateCentroids } from '../../src/compress/cluster';
import { addOp, tensor } from '../../src/ir/graph';
import { Graph, Op } from '../../src/ir/types';
import { calibrate } from '../../src/quantize/calibrate';
import { optimizeForInt8 } from '../../src/quantize/pipeline';
import { quantizeGraph } from '../../src/quantize/quantizeGraph';
import { runFloat } from '../../src/reference/runFloat';
import { affine, conv, dense, graph, inputsFor } from '../passes/helpers';
import { mulberry32 } from '../helpers/rng';

/** conv 6@3×3 → batch norm → ReLU → flatten → dense 10, with ~40 % of each weight tensor pruned to 0. */
function model(): Graph {
  const { g, xs } = graph('clustered', [8, 8, 3]);
  const c = conv(g, xs[0], 6, 3);
  const bn = affine(g, c);
  const r = addOp(g, 'activation', 'relu', [bn], { fn: 'relu', params: {} });
  const f = addOp(g, 'reshape', 'flatten', [r], {}, [6 * 6 * 6]);
  g.outputs = [dense(g, f, 10).id];
  const rng = mulberry32(5);
  for (const op of g.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'dense') continue;
    const w = tensor(g, op.inputs[1]).data as Float32Array;
    for (let i = 0; i < w.length; i++) if (rng() < 0.4) w[i] = 0;
  }
  return g;
}

const weighted = (g: Graph): Op[] => g.ops.filter((o) => o.kind === 'conv2d' || o.kind === 'dense');

function distinctNonZero(q: ArrayLike<number>, from = 0, to = q.length): number {
  const s = new Set<number>();
  for (let i = from; i < to; i++) if (q[i] !== 0) s.add(q[i]);
  return s.size;
}

function quantizeClustered(g: Graph, opts: { perTensorWeights?: Set<number>; perChannel?: boolean }): Graph {
  const opt = optimizeForInt8(g);
  const samples = [0, 1, 2, 3].map((s) => inputsFor(opt, 100 + s));
  return quantizeGraph(opt, calibrate(opt, samples, 'minmax'), { ...opts, denseperChannel: true });
}

describe('kmeans1d', () => {
  const data = Float32Array.from([...Array(50)].flatMap((_, i) => [-1 + i * 1e-4, 0.5 - i * 1e-4, 2 + i * 1e-4]));

  it('finds well separated clusters from a linear initialisation', () => {
    const { centroids, indices } = kmeans1d(data, { k: 3 });
    expect(Array.from(centroids)).toEqual([expect.closeTo(-0.99755, 4), expect.closeTo(0.49755, 4), expect.closeTo(2.00245, 4)]);
    for (let i = 0; i < data.length; i++) expect(indices[i]).toBe(i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2);
  });

  it('k-means++ is reproducible for a seed and finds the same clusters', () => {
    const a = kmeans1d(data, { k: 3, init: 'kmeans++', seed: 7 });
    const b = kmeans1d(data, { k: 3, init: 'kmeans++', seed: 7 });
    expect(a).toEqual(b);
    expect(a.centroids[2]).toBeCloseTo(2.00245, 4);
  });

  it('rejects a bad k', () => {
    expect(() => kmeans1d(data, { k: 0 })).toThrow(/cluster count/);
  });
});

describe('clusterWeights / updateCentroids', () => {
  const w = Float32Array.from([0, 0.1, 0.11, 0, -0.5, -0.52, 0.9, 0]);

  it('keeps pruned weights out of the clusters and exactly zero', () => {
    const c = clusterWeights(w, { k: 3 });
    expect(Array.from(c.indices.filter((_, i) => w[i] === 0))).toEqual([PRUNED, PRUNED, PRUNED]);
    const d = decodeClusters(c.centroids, c.indices);
    expect([d[0], d[3], d[7]]).toEqual([0, 0, 0]);
    expect(new Set(d.filter((v) => v !== 0)).size).toBe(3);
    expect(d[1]).toBeCloseTo(0.105, 6);
  });

  it('sums the gradients of each cluster and ignores pruned weights', () => {
    const c = clusterWeights(w, { k: 3 });
    const grads = Float32Array.from([100, 1, 2, 100, 3, 4, 5, 100]);
    const next = updateCentroids(c.centroids, c.indices, grads, 0.1);
    const j = (i: number): number => c.indices[i];
    expect(next[j(1)]).toBeCloseTo(c.centroids[j(1)] - 0.1 * 3, 6);
    expect(next[j(4)]).toBeCloseTo(c.centroids[j(4)] - 0.1 * 7, 6);
    expect(next[j(6)]).toBeCloseTo(c.centroids[j(6)] - 0.1 * 5, 6);
    expect(decodeClusters(next, c.indices)[0]).toBe(0);
  });

  it('clusters per channel with one codebook per output channel', () => {
    const ww = Float32Array.from({ length: 4 * 10 }, (_, i) => (i % 10 === 0 ? 0 : Math.sin(i) * (1 + Math.floor(i / 10))));
    const c = clusterWeights(ww, { k: 2, scope: 'channel', shape: [4, 10] });
    expect(c.groups).toBe(4);
    for (let ch = 0; ch < 4; ch++) {
      for (let i = ch * 10; i < ch * 10 + 10; i++) if (ww[i] !== 0) expect(Math.floor(c.indices[i] / 2)).toBe(ch);
    }
  });

  it('snapped centroids are exactly what int8 dequantizes to', () => {
    const c = clusterWeights(Float32Array.from({ length: 200 }, (_, i) => Math.cos(i * 1.7) * 0.3), { k: 16 });
    c.centroids = snapToInt8Grid(c);
    const { codebook, scales } = int8Codebook(c, [200]);
    for (let j = 0; j < 16; j++) {
      if (!c.indices.includes(j)) continue;
      expect(Math.fround(codebook[j] * scales[0])).toBeCloseTo(c.centroids[j], 7);
    }
  });
});

describe('clusters survive batch-norm folding and int8 quantization', () => {
  const K = 8;

  it('per-tensor codebooks: ≤ k distinct non-zero int8 weights per layer, pruned weights stay 0', () => {
    const g = model();
    const pruned = new Map(weighted(g).map((op) => [op.name, (tensor(g, op.inputs[1]).data as Float32Array).map((v) => (v === 0 ? 1 : 0))]));
    const { graph: cg, perTensorWeights, clusters } = clusterGraph(g, { k: K });
    expect(clusters.size).toBe(2);
    expect(cg.ops.some((o) => o.kind === 'affine')).toBe(false); // folded before clustering
    // The clustered float model stays close to the original (8 clusters on a tiny model).
    const x = inputsFor(g, 3);
    const [a, b] = [runFloat(g, x)[0], runFloat(cg, x)[0]];
    const scale = Math.max(...a.map(Math.abs));
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(0.25 * scale);

    const q = quantizeClustered(cg, { perTensorWeights, perChannel: true });
    const ops = weighted(q);
    expect(ops).toHaveLength(2);
    ops.forEach((op, n) => {
      const wt = tensor(q, op.inputs[1]);
      expect(wt.quant!.scale).toHaveLength(1);
      const data = wt.data as Int8Array;
      expect(distinctNonZero(data)).toBeLessThanOrEqual(K);
      expect(distinctNonZero(data)).toBeGreaterThan(K / 2);
      const mask = pruned.get(op.name.split('+')[0])!;
      for (let i = 0; i < data.length; i++) if (mask[i]) expect(data[i]).toBe(0);
      // Snapped: dequantized int8 equals the clustered float weight.
      const f = tensor(cg, weighted(cg)[n].inputs[1]).data as Float32Array;
      for (let i = 0; i < data.length; i++) expect(Math.abs(data[i] * wt.quant!.scale[0] - f[i])).toBeLessThanOrEqual(1e-6 * Math.abs(f[i]) + 1e-9);
    });
  });

  it('per-channel codebooks: ≤ k distinct non-zero int8 weights in every output channel', () => {
    const { graph: cg, perTensorWeights } = clusterGraph(model(), { k: K, scope: 'channel' });
    expect(perTensorWeights.size).toBe(0);
    const q = quantizeClustered(cg, { perChannel: true });
    for (const op of weighted(q)) {
      const wt = tensor(q, op.inputs[1]);
      const data = wt.data as Int8Array;
      const channels = wt.shape[0];
      const inner = data.length / channels;
      expect(wt.quant!.scale).toHaveLength(channels);
      for (let ch = 0; ch < channels; ch++) expect(distinctNonZero(data, ch * inner, (ch + 1) * inner)).toBeLessThanOrEqual(K);
    }
  });

  it('without the precautions the codebook splits (why clustering comes after folding, quantized per tensor)', () => {
    // Per-channel quantization of a per-tensor codebook.
    const { graph: cg } = clusterGraph(model(), { k: K });
    const q = quantizeClustered(cg, { perChannel: true });
    const conv = weighted(q).find((o) => o.kind === 'conv2d')!;
    expect(distinctNonZero(tensor(q, conv.inputs[1]).data as Int8Array)).toBeGreaterThan(K);
    // Clustering before folding: the fold rescales each channel.
    const g = model();
    const w = tensor(g, weighted(g)[0].inputs[1]);
    const c = clusterWeights(w.data as Float32Array, { k: K });
    w.data = decodeClusters(c.centroids, c.indices);
    const folded = optimizeForInt8(g);
    const fw = tensor(folded, weighted(folded)[0].inputs[1]).data as Float32Array;
    expect(distinctNonZero(fw)).toBeGreaterThan(K);
  });
});
