/**
 * Structured pruning of trainable TF.js models: removes whole Conv2D filters and Dense units, rebuilds a
 * smaller model (tfRebuild.ts) and fine-tunes it (train.ts), optionally in several steps (remove a share,
 * fine-tune, repeat). The result is an ordinary, smaller dense Layers model: fewer weights, MACs and
 * activation bytes, with the same kernels. Filters are ranked by the L1 norm of their weights (Li et al.,
 * "Pruning Filters for Efficient ConvNets", 2017) or by |γ| of the batch norm that follows (Liu et al.,
 * "Network Slimming", 2017); per-layer counts come from a MAC target (structuredAlloc.ts) or are given.
 */
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';
import { graphStats } from '../ir/stats';
import type { Graph } from '../ir/types';
import { mulberry32 } from '../util/rng';
import { randomShift } from './augment';
import type { Dataset } from './dataset';
import { evaluateAccuracy } from './evaluate';
import { filterScores, graphMacs, type FilterCriterion } from './structured';
import { allocateGreedy, macModel, predictMacs } from './structuredAlloc';
import { channelPath, modelTopology, prunableWidth, type ChannelStep, type ModelTopology } from './tfChannels';
import { layersModelToGraph } from './tfModelIo';
import { rebuildWithChannels } from './tfRebuild';
import { fineTune, getTrainingTf, type TrainProgress } from './train';

/** Options of {@link structuredPrune}. Give `macFraction`, `layers`, or both. */
export interface StructuredPruneOptions {
  /** Target MACs after / before (e.g. 0.5): the layers not fixed by `layers` are allocated greedily to reach it. */
  macFraction?: number;
  /** Fixed keep per layer: a count of filters/units (≥ 1) or a fraction of them (< 1). */
  layers?: Record<string, number>;
  /** Filter ranking (default 'auto': |γ| when a batch norm follows the layer, else L1). */
  criterion?: FilterCriterion;
  /** Iterations of remove-then-fine-tune (default 1); each removes an equal share of the MACs to go. */
  steps?: number;
  /** Fine-tuning epochs after each step (default 2; 0 = no fine-tuning). */
  epochs?: number;
  /** Adam learning rate (default 1e-4). */
  learningRate?: number;
  /** Default 32. */
  batchSize?: number;
  /** Seed of the shuffles and shifts (default 0). */
  seed?: number;
  /** Random whole-pixel shifts of up to this many pixels while fine-tuning (images [h, w, c]; default 0). */
  augmentShift?: number;
  /** Smallest share of a layer's original filters that the MAC allocation keeps (default 0.25). */
  minKeep?: number;
  onProgress?: (p: TrainProgress & { step: number; steps: number }) => void;
}

/** One remove-then-fine-tune iteration. */
export interface StructuredStep {
  step: number;
  /** Filters/units each pruned layer has after this step. */
  kept: Record<string, number>;
  macs: number;
  /** Accuracy on `data.test` right after the removal and after fine-tuning (when a test set is given). */
  accuracyPruned?: number;
  accuracy?: number;
  seconds: number;
}

/** Result of {@link structuredPrune}. */
export interface StructuredPruneResult {
  /** The smaller model (a new model; the input model is untouched). */
  model: TF.LayersModel;
  /** Per pruned layer, the removed output channels (indices of the original model, ascending). */
  removed: Record<string, number[]>;
  macsBefore: number;
  macsAfter: number;
  paramsBefore: number;
  paramsAfter: number;
  /** Accuracy of the input model on `data.test` (when given). */
  accuracyBefore?: number;
  steps: StructuredStep[];
  /** Layers left alone by the MAC allocation because their channels cannot be rewritten, with why. */
  skipped: Array<{ layer: string; reason: string }>;
  seconds: number;
}

function paramsOf(g: Graph): number {
  return graphStats(g).reduce((s, o) => s + o.params, 0);
}

/** Product of the non-batch, non-channel output dimensions of a layer. */
function spatialOf(model: TF.LayersModel): (layer: string) => number {
  return (layer) => {
    const shape = model.getLayer(layer).outputShape as number[];
    return shape.slice(1, -1).reduce((a, b) => a * b, 1);
  };
}

/** Candidate layers and their channel paths: the fixed ones must be prunable, the others are tried. */
function candidates(model: TF.LayersModel, topo: ModelTopology, fixed: string[], all: boolean) {
  const paths = new Map<string, ChannelStep[]>();
  const skipped: Array<{ layer: string; reason: string }> = [];
  for (const l of fixed) paths.set(l, channelPath(topo, l, spatialOf(model)));
  if (all) {
    for (const l of topo.order) {
      const n = topo.nodes.get(l)!;
      if (paths.has(l) || (n.className !== 'Conv2D' && n.className !== 'Dense') || topo.outputs.has(l)) continue;
      try {
        paths.set(l, channelPath(topo, l, spatialOf(model)));
      } catch (e) {
        if (!(e instanceof TinyfitError)) throw e;
        skipped.push({ layer: l, reason: e.message });
      }
    }
  }
  return { paths, skipped };
}

/** Importance of each current filter of `layer`: |γ| of a following batch norm or the L1 norm of its weights. */
function scoresOf(g: Graph, model: TF.LayersModel, layer: string, steps: ChannelStep[], criterion: FilterCriterion): Float64Array {
  const bn = steps[0]?.kind === 'bn' ? model.getLayer(steps[0].layer) : undefined;
  const gamma = bn?.weights.findIndex((w) => /gamma/.test(w.name));
  if (criterion === 'bn' && (gamma === undefined || gamma < 0)) {
    throw new TinyfitError(`cannot rank filters of '${layer}' by batch-norm γ: no batch norm with a scale follows it`);
  }
  if (criterion !== 'l1' && bn && gamma !== undefined && gamma >= 0) {
    return Float64Array.from(bn.getWeights()[gamma].dataSync(), Math.abs);
  }
  return filterScores(g, layer, 'l1');
}

/** Indices of the `n` highest-scoring filters, ascending. */
function topIndices(scores: Float64Array, n: number): number[] {
  const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, n).sort((a, b) => a - b);
}

function resolveFixed(layers: Record<string, number>, width: (l: string) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [l, v] of Object.entries(layers)) {
    const w = width(l);
    const n = v < 1 ? Math.round(v * w) : v;
    if (!Number.isInteger(n) || n < 1 || n > w) throw new TinyfitError(`structured pruning: layer '${l}' cannot keep ${v} of its ${w} filters/units`);
    out.set(l, n);
  }
  return out;
}

function shiftAugment(shape: number[], max: number, seed: number, step: number) {
  if (shape.length !== 3) throw new TinyfitError(`augmentShift needs image samples [h, w, c], got [${shape.join(', ')}]`);
  const [h, w, c] = shape;
  return (x: Float32Array, n: number, at: { epoch: number; batch: number }) =>
    randomShift(x, n, h, w, max, mulberry32((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b) ^ Math.imul(at.epoch + 1, 0xc2b2ae35) ^ at.batch) >>> 0), c);
}

/**
 * Removes whole filters/units from `model` to reach a MAC target and/or fixed per-layer counts, fine-tuning
 * on `data.train` after each step. Never touches a model output layer. Sequential and functional models are
 * supported as long as each pruned layer's channels reach exactly one consuming Conv2D or Dense through
 * single-reader layers (activations, pooling, padding, dropout, batch norm, PReLU, depthwise, flatten).
 * @throws TinyfitError naming the layer when a layer in `layers` cannot be pruned (it is an output, its
 *   channels branch, merge, or pass a layer that cannot be rewritten), or when nothing can reach the target
 */
export async function structuredPrune(
  model: TF.LayersModel,
  data: { train: Dataset; test?: Dataset },
  opts: StructuredPruneOptions,
): Promise<StructuredPruneResult> {
  const t0 = Date.now();
  const tf = await getTrainingTf();
  if (opts.macFraction === undefined && !opts.layers) throw new TinyfitError('structured pruning: give macFraction and/or layers');
  if (opts.macFraction !== undefined && !(opts.macFraction > 0 && opts.macFraction <= 1)) throw new TinyfitError(`structured pruning: macFraction must be in (0, 1], got ${opts.macFraction}`);
  const nSteps = opts.steps ?? 1;
  if (!Number.isInteger(nSteps) || nSteps < 1) throw new TinyfitError(`structured pruning: steps must be a positive integer, got ${nSteps}`);
  const criterion = opts.criterion ?? 'auto';
  const topo0 = modelTopology(model);
  const fixedTarget = resolveFixed(opts.layers ?? {}, (l) => prunableWidth(topo0, l));
  const { paths: paths0, skipped } = candidates(model, topo0, [...fixedTarget.keys()], opts.macFraction !== undefined);
  const original = new Map([...paths0.keys()].map((l) => [l, prunableWidth(topo0, l)]));
  const g0 = await layersModelToGraph(tf, model);
  const macsBefore = graphMacs(g0);
  const paramsBefore = paramsOf(g0);
  const accuracyBefore = data.test ? evaluateAccuracy(tf, model, data.test) : undefined;

  let current = model;
  let g = g0;
  const origIndex = new Map([...original].map(([l, w]) => [l, [...Array(w).keys()]]));
  const steps: StructuredStep[] = [];
  for (let s = 1; s <= nSteps; s++) {
    const s0 = Date.now();
    const topo = modelTopology(current);
    const { paths } = candidates(current, topo, [...paths0.keys()], false);
    const width = new Map([...paths.keys()].map((l) => [l, prunableWidth(topo, l)]));
    const m = macModel(g, topo, paths, width);
    const counts = new Map(width);
    for (const [l, n] of fixedTarget) counts.set(l, Math.min(width.get(l)!, Math.round(original.get(l)! - ((original.get(l)! - n) * s) / nSteps)));
    const scores = new Map([...paths].map(([l, p]) => [l, scoresOf(g, current, l, p, criterion)]));
    if (opts.macFraction !== undefined) {
      const target = macsBefore * (1 - ((1 - opts.macFraction) * s) / nSteps);
      const free = new Map(
        [...paths.keys()].filter((l) => !fixedTarget.has(l)).map((l) => [l, { scores: scores.get(l)!, min: Math.max(1, Math.ceil((opts.minKeep ?? 0.25) * original.get(l)!)) }]),
      );
      const chosen = allocateGreedy(m, counts, free, target);
      if (predictMacs(m, chosen) > target * (1 + 1e-9)) {
        throw new TinyfitError(`structured pruning: cannot reach ${(opts.macFraction * 100).toFixed(1)} % of the MACs by removing filters (lower minKeep or prune more layers)`);
      }
      for (const [l, n] of chosen) counts.set(l, n);
    }
    const keep = new Map<string, number[]>();
    for (const [l, n] of counts) {
      if (n === width.get(l)) continue;
      const k = topIndices(scores.get(l)!, n);
      keep.set(l, k);
      origIndex.set(l, k.map((i) => origIndex.get(l)![i]));
    }
    const next = await rebuildWithChannels(tf, current, topo, keep, paths);
    if (current !== model) current.dispose();
    current = next;
    const accuracyPruned = data.test ? evaluateAccuracy(tf, current, data.test) : undefined;
    const epochs = opts.epochs ?? 2;
    if (epochs > 0) {
      await fineTune(current, data.train, {
        epochs,
        batchSize: opts.batchSize,
        learningRate: opts.learningRate ?? 1e-4,
        seed: (opts.seed ?? 0) + s - 1,
        augment: opts.augmentShift ? shiftAugment(data.train.sampleShape, opts.augmentShift, opts.seed ?? 0, s) : undefined,
        onProgress: opts.onProgress ? (p) => opts.onProgress!({ ...p, step: s, steps: nSteps }) : undefined,
      });
    }
    g = await layersModelToGraph(tf, current);
    steps.push({
      step: s,
      kept: Object.fromEntries([...origIndex].map(([l, k]) => [l, k.length])),
      macs: graphMacs(g),
      accuracyPruned,
      accuracy: data.test ? evaluateAccuracy(tf, current, data.test) : undefined,
      seconds: (Date.now() - s0) / 1000,
    });
  }
  const removed = Object.fromEntries(
    [...origIndex].filter(([l, k]) => k.length < original.get(l)!).map(([l, k]) => {
      const kept = new Set(k);
      return [l, [...Array(original.get(l)!).keys()].filter((i) => !kept.has(i))];
    }),
  );
  return {
    model: current,
    removed,
    macsBefore,
    macsAfter: graphMacs(g),
    paramsBefore,
    paramsAfter: paramsOf(g),
    accuracyBefore,
    steps,
    skipped,
    seconds: (Date.now() - t0) / 1000,
  };
}
