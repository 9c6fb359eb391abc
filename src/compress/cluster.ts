/**
 * Weight sharing (Deep Compression, Han et al. 2016, §3): per-layer 1-D k-means on the non-zero weights, a
 * codebook of `k` shared values and one index per weight; pruned (zero) weights are excluded from clustering
 * and stay exactly 0. Clusters are built on the batch-norm-folded weights and their centroids are snapped to
 * the int8 grid of the scale the quantizer will choose, so each cluster becomes exactly one int8 value after
 * src/quantize (see docs/compression-clustering.md). All functions are pure over typed arrays, except
 * {@link clusterGraph}, which returns a rewritten copy of a graph.
 */
import { TinyfitError } from '../errors';
import { cloneGraph, numel, tensor, validateGraph } from '../ir/graph';
import { opDef } from '../ir/ops';
import { Graph, Tensor } from '../ir/types';
import { foldBatchNorm } from '../passes/foldBatchNorm';
import { quantizeWeightsPerChannel, quantizeWeightsPerTensor, symmetricScale } from '../arith/quantParams';
import { mulberry32 } from '../util/rng';

/** Index of a pruned weight: it belongs to no cluster and decodes to exactly 0. */
export const PRUNED = -1;

/** How centroids start: evenly spaced between min and max (Deep Compression's best), or k-means++ seeding. */
export type ClusterInit = 'linear' | 'kmeans++';

/** Options of {@link kmeans1d} and {@link clusterWeights}. */
export interface KMeansOptions {
  /** Number of clusters (1 ≤ k ≤ 32767). */
  k: number;
  /** Initialisation (default 'linear'). */
  init?: ClusterInit;
  /** Seed of the k-means++ draws (default 1). */
  seed?: number;
  /** Lloyd iterations at most (default 50); stops earlier when no assignment changes. */
  iterations?: number;
}

/**
 * A clustered weight tensor. `groups` codebooks of `k` entries each: one per tensor (`groups` = 1) or one per
 * output channel (`groups` = channels along axis 0). `indices[i]` is an index into `centroids` itself (already
 * offset by group · k, so it can be used directly), or {@link PRUNED}.
 */
export interface Clustering {
  k: number;
  groups: number;
  /** groups · k shared values. */
  centroids: Float32Array;
  /** One per weight: a centroid index, or PRUNED for a zero weight. */
  indices: Int16Array;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 32767) throw new TinyfitError(`cluster count k must be an integer in [1, 32767], got ${k}`);
}

function linearInit(values: Float32Array, k: number): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const c = new Float32Array(k);
  for (let j = 0; j < k; j++) c[j] = k === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * j) / (k - 1);
  return c;
}

function kmeansPlusPlusInit(values: Float32Array, k: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const c = new Float32Array(k);
  const d2 = new Float64Array(values.length).fill(Infinity);
  c[0] = values[Math.floor(rng() * values.length)];
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      const d = values[i] - c[j - 1];
      d2[i] = Math.min(d2[i], d * d);
      total += d2[i];
    }
    let r = rng() * total;
    let pick = values.length - 1;
    for (let i = 0; i < values.length; i++) {
      r -= d2[i];
      if (r < 0) {
        pick = i;
        break;
      }
    }
    c[j] = values[pick];
  }
  return c;
}

/** Index of the centroid nearest each value, for centroids sorted ascending (binary search over midpoints). */
function assign(values: Float32Array, sorted: Float32Array, out: Int16Array): boolean {
  let changed = false;
  const k = sorted.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v > (sorted[mid] + sorted[mid + 1]) / 2) lo = mid + 1;
      else hi = mid;
    }
    if (out[i] !== lo) {
      out[i] = lo;
      changed = true;
    }
  }
  return changed;
}

/**
 * 1-D k-means (Lloyd) on `values`: returns `k` centroids sorted ascending and the index of each value's
 * centroid. A cluster left empty keeps its previous centroid. Deterministic for a given seed.
 */
export function kmeans1d(values: Float32Array, opts: KMeansOptions): { centroids: Float32Array; indices: Int16Array } {
  checkK(opts.k);
  const indices = new Int16Array(values.length).fill(-1);
  if (values.length === 0) return { centroids: new Float32Array(opts.k), indices };
  const init = opts.init ?? 'linear';
  const c = init === 'linear' ? linearInit(values, opts.k) : kmeansPlusPlusInit(values, opts.k, opts.seed ?? 1);
  c.sort();
  // Lloyd on sorted values: each cluster is a run between two midpoints, its mean a difference of prefix sums,
  // so an iteration costs O(k log n) instead of O(n log k).
  const sorted = Float32Array.from(values).sort();
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i] + sorted[i];
  const upper = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const bounds = new Int32Array(opts.k + 1);
  const iterations = opts.iterations ?? 50;
  for (let it = 0; it < iterations; it++) {
    let changed = it === 0;
    for (let j = 1; j <= opts.k; j++) {
      const b = j === opts.k ? sorted.length : upper((c[j - 1] + c[j]) / 2);
      if (b !== bounds[j]) changed = true;
      bounds[j] = b;
    }
    if (!changed) break;
    for (let j = 0; j < opts.k; j++) {
      const n = bounds[j + 1] - bounds[j];
      if (n > 0) c[j] = (prefix[bounds[j + 1]] - prefix[bounds[j]]) / n;
    }
    c.sort(); // means of ordered 1-D clusters stay ordered; an empty cluster's old value may need re-sorting
  }
  assign(values, c, indices);
  return { centroids: c, indices };
}

/** Options of {@link clusterWeights}. */
export interface ClusterWeightsOptions extends KMeansOptions {
  /**
   * 'tensor' (default): one codebook per layer, quantize the layer per tensor. 'channel': one codebook per
   * output channel (axis 0 of OHWI / OI / the last axis of depthwise 1HWC), for per-channel quantization.
   */
  scope?: 'tensor' | 'channel';
  /** Shape of `w` (needed for scope 'channel'). */
  shape?: readonly number[];
  /** Output-channel axis for scope 'channel' (default 0). */
  axis?: number;
}

/** Channel of element i along `axis` of `shape`. */
function channelOf(shape: readonly number[], axis: number): (i: number) => number {
  const channels = shape[axis];
  const inner = numel(shape.slice(axis + 1));
  return (i) => Math.floor(i / inner) % channels;
}

/**
 * Clusters one weight tensor: zeros are left out (index PRUNED), the rest is k-means'd per tensor or per
 * output channel. Use {@link decodeClusters} for the shared-weight tensor.
 */
export function clusterWeights(w: Float32Array, opts: ClusterWeightsOptions): Clustering {
  checkK(opts.k);
  const scope = opts.scope ?? 'tensor';
  const axis = opts.axis ?? 0;
  if (scope === 'channel' && !opts.shape) throw new TinyfitError('clustering per channel needs the weight shape');
  const groups = scope === 'channel' ? opts.shape![axis] : 1;
  if (groups * opts.k > 32767) throw new TinyfitError(`${groups} codebooks of ${opts.k} entries exceed the 16-bit index range`);
  const groupOf = scope === 'channel' ? channelOf(opts.shape!, axis) : () => 0;
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) members[groupOf(i)].push(i);
  const centroids = new Float32Array(groups * opts.k);
  const indices = new Int16Array(w.length).fill(PRUNED);
  members.forEach((m, g) => {
    const r = kmeans1d(Float32Array.from(m, (i) => w[i]), opts);
    centroids.set(r.centroids, g * opts.k);
    m.forEach((i, n) => (indices[i] = g * opts.k + r.indices[n]));
  });
  return { k: opts.k, groups, centroids, indices };
}

/** The shared-weight tensor: centroids[indices[i]], or exactly 0 for a pruned weight. */
export function decodeClusters(centroids: Float32Array, indices: Int16Array): Float32Array {
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = indices[i] === PRUNED ? 0 : centroids[indices[i]];
  return out;
}

/**
 * One centroid fine-tuning step (Deep Compression §3.3): the gradient of a shared weight is the sum of the
 * gradients of the weights that share it; pruned weights contribute nothing and stay 0.
 * @param grads dLoss/dw for every weight of the (decoded) tensor
 * @returns new centroids: centroids[j] − lr · Σ_{i: indices[i] = j} grads[i]
 */
export function updateCentroids(centroids: Float32Array, indices: Int16Array, grads: Float32Array, lr: number): Float32Array {
  if (grads.length !== indices.length) throw new TinyfitError(`updateCentroids: ${grads.length} gradients for ${indices.length} weights`);
  const sum = new Float64Array(centroids.length);
  for (let i = 0; i < indices.length; i++) if (indices[i] !== PRUNED) sum[indices[i]] += grads[i];
  return Float32Array.from(centroids, (c, j) => c - lr * sum[j]);
}

/** Centroids that at least one weight uses, per group. */
function usedMask(c: Clustering): Uint8Array {
  const used = new Uint8Array(c.centroids.length);
  for (const i of c.indices) if (i !== PRUNED) used[i] = 1;
  return used;
}

/**
 * Snaps the centroids onto the int8 grid of the symmetric scale src/quantize will give the decoded tensor
 * (per tensor, or per channel when `groups` > 1), so the float model computes what the int8 model computes
 * and each cluster is one int8 value. Returns new centroids (unused ones are left as they are).
 */
export function snapToInt8Grid(c: Clustering): Float32Array {
  const used = usedMask(c);
  const out = Float32Array.from(c.centroids);
  for (let g = 0; g < c.groups; g++) {
    let absMax = 0;
    for (let j = g * c.k; j < (g + 1) * c.k; j++) if (used[j]) absMax = Math.max(absMax, Math.abs(c.centroids[j]));
    // A fixed point: the quantizer recomputes the scale from the snapped values' absMax; iterate until stable.
    for (let round = 0; round < 4; round++) {
      const s = symmetricScale(absMax);
      let next = 0;
      for (let j = g * c.k; j < (g + 1) * c.k; j++) {
        if (!used[j]) continue;
        out[j] = Math.fround(s * Math.max(-127, Math.min(127, Math.round(c.centroids[j] / s))));
        next = Math.max(next, Math.abs(out[j]));
      }
      if (next === absMax) break;
      absMax = next;
    }
  }
  return out;
}

/**
 * The int8 codebook of a clustering as src/quantize will store it: the quantized value of each centroid and
 * the scale of each group (weights per tensor when `groups` = 1, per channel along `axis` otherwise: 0 for
 * conv2d/dense, 3 for depthwise).
 */
export function int8Codebook(c: Clustering, shape: readonly number[], axis = 0): { codebook: Int8Array; scales: number[] } {
  const w = decodeClusters(c.centroids, c.indices);
  const q = c.groups === 1 ? quantizeWeightsPerTensor(w) : quantizeWeightsPerChannel(w, [...shape], axis);
  const codebook = new Int8Array(c.centroids.length);
  for (let i = 0; i < c.indices.length; i++) if (c.indices[i] !== PRUNED) codebook[c.indices[i]] = q.data[i];
  return { codebook, scales: q.scales };
}

/** Options of {@link clusterGraph}. */
export interface ClusterGraphOptions extends KMeansOptions {
  /** Clusters per layer by op name (falls back to `k`). */
  perLayer?: Record<string, number>;
  /** Op names to cluster (default: every conv2d, depthwise_conv2d and dense). */
  layers?: string[];
  /** See {@link ClusterWeightsOptions.scope} (default 'tensor'). */
  scope?: 'tensor' | 'channel';
  /** Snap centroids to the int8 grid (default true). */
  snap?: boolean;
}

/** Result of {@link clusterGraph}. */
export interface ClusteredGraph {
  /** A copy of the graph, batch norms folded, clustered weights replaced by their decoded shared values. */
  graph: Graph;
  /** Clustering per weight tensor id of `graph`. */
  clusters: Map<number, Clustering>;
  /**
   * Weight tensor ids to quantize per tensor (pass as `perTensorWeights` to quantizeGraph/quantizeModel);
   * empty for scope 'channel'.
   */
  perTensorWeights: Set<number>;
}

/**
 * Clusters the weights of a float graph in the domain the firmware uses: batch norms are folded first (the
 * fold rescales each output channel, which would split a shared codebook), then each chosen layer's weights
 * are clustered and (by default) snapped to the int8 grid. Quantize the result with the returned
 * `perTensorWeights` so per-channel scales do not split the per-layer codebook.
 */
export function clusterGraph(g: Graph, opts: ClusterGraphOptions): ClusteredGraph {
  const out = foldBatchNorm(cloneGraph(g));
  const clusters = new Map<number, Clustering>();
  const perTensorWeights = new Set<number>();
  const scope = opts.scope ?? 'tensor';
  const wanted = opts.layers ? new Set(opts.layers) : undefined;
  const matched = new Set<string>();
  for (const op of out.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'dense' && op.kind !== 'depthwise_conv2d') continue;
    // Folding renames 'conv' to 'conv+bn': match the producer's original name too.
    const base = op.name.split('+')[0];
    const name = wanted?.has(op.name) ? op.name : base;
    if (wanted && !wanted.has(name)) continue;
    matched.add(name);
    const w: Tensor = tensor(out, op.inputs[1]);
    if (clusters.has(w.id) || w.dtype !== 'float32' || !w.data) continue;
    const k = opts.perLayer?.[op.name] ?? opts.perLayer?.[base] ?? opts.k;
    const axis = opDef(op).weightChannelAxis ?? 0;
    const c = clusterWeights(w.data as Float32Array, { ...opts, k, scope, shape: w.shape, axis });
    if (opts.snap ?? true) c.centroids = snapToInt8Grid(c);
    w.data = decodeClusters(c.centroids, c.indices);
    clusters.set(w.id, c);
    if (scope === 'tensor') perTensorWeights.add(w.id);
  }
  for (const n of wanted ?? []) if (!matched.has(n)) throw new TinyfitError(`no conv2d, depthwise_conv2d or dense layer named '${n}' to cluster`);
  validateGraph(out);
  return { graph: out, clusters, perTensorWeights };
}
