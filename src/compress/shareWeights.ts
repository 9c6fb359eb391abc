/**
 * Weight sharing on a TF.js model (Deep Compression §3): each chosen kernel is k-means-clustered on its
 * nonzero weights (src/compress/cluster.ts; pruned weights stay 0) and, during fine-tuning, projected back onto
 * its clusters after every optimizer step: each centroid becomes the mean of its members, i.e. it moves by the
 * average of their updates (the shared-weight update of Deep Compression, averaged instead of summed so the
 * step size does not grow with the cluster). Int4 layers are projected onto a fixed 15-level symmetric grid.
 * At the end the centroids are snapped onto the int8 grid the quantizer will use, so each cluster is exactly
 * one int8 value.
 */
import type * as TF from '@tensorflow/tfjs';
import { type ClusterInit, type Clustering, PRUNED, clusterWeights, decodeClusters, snapToInt8Grid } from './cluster';

/** A kernel shared by clusters (learned centroids) or by a fixed int4 grid. */
export interface SharedWeight {
  name: string;
  clustering: Clustering;
  /** Fixed grid step for int4 layers (centroids = step · −7..7, not learned). */
  int4Step?: number;
}

/** Clusters each named kernel in place (`k` clusters each, nonzero weights only) and returns the clusterings. */
export function clusterKernels(tf: typeof TF, vars: Map<string, TF.Variable>, clusters: Map<string, number>, init: ClusterInit, seed: number): SharedWeight[] {
  const out: SharedWeight[] = [];
  for (const [name, k] of clusters) {
    const v = vars.get(name)!;
    const c = clusterWeights(v.dataSync() as Float32Array, { k, init, seed });
    assignValues(tf, v, decodeClusters(c.centroids, c.indices));
    out.push({ name, clustering: c });
  }
  return out;
}

/** Puts each named kernel on the symmetric int4 grid step · {−7..7}, step = max|w| / 7 (zeros stay 0). */
export function int4Kernels(tf: typeof TF, vars: Map<string, TF.Variable>, names: string[]): SharedWeight[] {
  return names.map((name) => {
    const v = vars.get(name)!;
    const w = v.dataSync() as Float32Array;
    let absMax = 0;
    for (const x of w) absMax = Math.max(absMax, Math.abs(x));
    const step = absMax / 7 || 1;
    const centroids = Float32Array.from({ length: 15 }, (_, j) => (j - 7) * step);
    const indices = Int16Array.from(w, (x) => (x === 0 ? PRUNED : Math.round(x / step) + 7));
    const s: SharedWeight = { name, clustering: { k: 15, groups: 1, centroids, indices }, int4Step: step };
    assignValues(tf, v, decodeClusters(centroids, indices));
    return s;
  });
}

/** Writes float values into a variable (its shape kept). */
export function assignValues(tf: typeof TF, v: TF.Variable, data: Float32Array): void {
  tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
}

/**
 * Projects trained kernels back onto their sharing: clustered kernels get centroid = mean of the members'
 * current values (then every member = its centroid); int4 kernels are re-rounded onto their fixed grid.
 */
export function projectShared(tf: typeof TF, vars: Map<string, TF.Variable>, shared: SharedWeight[]): void {
  for (const s of shared) {
    const v = vars.get(s.name)!;
    const w = v.dataSync() as Float32Array;
    const c = s.clustering;
    if (s.int4Step !== undefined) {
      const step = s.int4Step;
      for (let i = 0; i < w.length; i++) if (c.indices[i] !== PRUNED) c.indices[i] = Math.max(-7, Math.min(7, Math.round(w[i] / step))) + 7;
    } else {
      const sum = new Float64Array(c.centroids.length);
      const count = new Int32Array(c.centroids.length);
      for (let i = 0; i < w.length; i++) {
        const j = c.indices[i];
        if (j === PRUNED) continue;
        sum[j] += w[i];
        count[j]++;
      }
      for (let j = 0; j < sum.length; j++) if (count[j] > 0) c.centroids[j] = sum[j] / count[j];
    }
    assignValues(tf, v, decodeClusters(c.centroids, c.indices));
  }
}

/**
 * Snaps learned centroids onto the int8 grid of the per-tensor scale the quantizer will choose (int4 grids are
 * already exact) and writes the shared values into the kernels.
 */
export function snapShared(tf: typeof TF, vars: Map<string, TF.Variable>, shared: SharedWeight[]): void {
  for (const s of shared) {
    if (s.int4Step === undefined) s.clustering.centroids = snapToInt8Grid(s.clustering);
    assignValues(tf, vars.get(s.name)!, decodeClusters(s.clustering.centroids, s.clustering.indices));
  }
}
