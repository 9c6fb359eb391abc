/**
 * Gradual magnitude pruning with fine-tuning: during training, every `frequency` steps between `beginStep`
 * and `endStep` each pruned weight's mask is recomputed to zero its smallest-magnitude elements, following
 * the polynomial-decay sparsity schedule; after `endStep` the masks are held fixed (the engine multiplies them
 * in after every optimizer step), so the returned model's pruned weights are exactly 0 and the masks can be
 * handed to the later compression stages.
 */
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';
import type { Dataset } from './dataset';
import { magnitudeMask, prunableWeights } from './magnitude';
import { applyMasks, maskTensors, trainableVariables, type WeightMasks } from './masks';
import { polynomialDecaySparsity } from './schedule';
import { fineTune, getTrainingTf, type StepContext, type TrainOptions, type TrainResult } from './train';

/** Target sparsity: one value for every prunable weight, or per weight name (others are left dense). */
export type SparsityTarget = number | Record<string, number>;

/** Options of {@link pruneAndFineTune}: the engine's, plus the schedule. */
export interface PruneOptions extends Omit<TrainOptions, 'masks' | 'onStep'> {
  sparsity: SparsityTarget;
  /** Sparsity at the start of the ramp (default 0). */
  initialSparsity?: number;
  /** First step of the ramp (default 0). */
  beginStep?: number;
  /** Last step of the ramp (default: 3/4 of all steps, leaving the last quarter to recover with fixed masks). */
  endStep?: number;
  /** Masks are recomputed every this many steps during the ramp (default 1/20 of the ramp, at least 1). */
  frequency?: number;
  /** Masks that must stay (e.g. from an earlier stage): their zeros are kept whatever the schedule says. */
  masks?: WeightMasks;
}

/** Result of pruning: the training history and the final masks (1 = kept). */
export interface PruneResult {
  train: TrainResult;
  masks: WeightMasks;
}

/** Resolves a {@link SparsityTarget} to a sparsity per prunable weight name. */
export function resolveSparsity(model: TF.LayersModel, target: SparsityTarget): Map<string, number> {
  const names = prunableWeights(model);
  const out = new Map<string, number>();
  if (typeof target === 'number') {
    for (const n of names) out.set(n, target);
    return out;
  }
  for (const [n, s] of Object.entries(target)) {
    if (!names.includes(n)) throw new TinyfitError(`sparsity given for "${n}", which is not a prunable weight (${names.join(', ')})`);
    out.set(n, s);
  }
  for (const s of out.values()) if (!(s >= 0 && s < 1)) throw new TinyfitError(`sparsity ${s} is outside [0, 1)`);
  return out;
}

/** Magnitude masks of the model's current weights at the given sparsities, intersected with `keep` if given. */
export function magnitudeMasks(model: TF.LayersModel, sparsities: Map<string, number>, keep?: WeightMasks): WeightMasks {
  const vars = trainableVariables(model);
  const masks: WeightMasks = new Map();
  for (const [name, s] of sparsities) {
    const values = vars.get(name)!.dataSync() as Float32Array;
    const fixed = keep?.get(name);
    // Weights already masked out count as zeros, so they are the first to be pruned.
    const m = magnitudeMask(fixed ? values.map((v, i) => v * fixed[i]) : values, s);
    if (fixed) for (let i = 0; i < m.length; i++) m[i] *= fixed[i];
    masks.set(name, m);
  }
  if (keep) for (const [name, m] of keep) if (!masks.has(name)) masks.set(name, m);
  return masks;
}

/**
 * Prunes the model once to the given sparsities by magnitude (no training) and returns the masks applied.
 */
export async function pruneOneShot(model: TF.LayersModel, target: SparsityTarget): Promise<WeightMasks> {
  const tf = await getTrainingTf();
  const masks = magnitudeMasks(model, resolveSparsity(model, target));
  applyMaskValues(tf, model, masks);
  return masks;
}

function applyMaskValues(tf: typeof TF, model: TF.LayersModel, masks: WeightMasks): void {
  const vars = trainableVariables(model);
  const t = maskTensors(tf, vars, masks);
  applyMasks(tf, vars, t);
  tf.dispose([...t.values()]);
}

/**
 * Prunes `model` in place by gradual magnitude pruning while fine-tuning it on `data` through the training
 * engine (same seed → same result), and returns the final masks. Checkpoint/resume work as in the engine
 * (the masks are recomputed from the restored weights, whose pruned elements are exactly 0).
 */
export async function pruneAndFineTune(model: TF.LayersModel, data: Dataset, options: PruneOptions): Promise<PruneResult> {
  const tf = await getTrainingTf();
  const targets = resolveSparsity(model, options.sparsity);
  const batchSize = options.batchSize ?? 32;
  const totalSteps = options.epochs * Math.ceil(data.count / batchSize);
  const beginStep = options.beginStep ?? 0;
  const endStep = options.endStep ?? Math.max(beginStep, Math.floor(totalSteps * 0.75) - 1);
  const frequency = options.frequency ?? Math.max(1, Math.floor((endStep - beginStep) / 20));
  const s0 = options.initialSparsity ?? 0;
  let current: WeightMasks | undefined = options.masks;
  let currentT = new Map<string, TF.Tensor>();

  const onStep = (ctx: StepContext): void => {
    const t = ctx.step;
    const onSchedule = t >= beginStep && t <= endStep && ((t - beginStep) % frequency === 0 || t === endStep);
    if (onSchedule) {
      const now = new Map<string, number>();
      for (const [name, sf] of targets) now.set(name, polynomialDecaySparsity(t, { initialSparsity: Math.min(s0, sf), finalSparsity: sf, beginStep, endStep }));
      current = magnitudeMasks(model, now, options.masks);
      tf.dispose([...currentT.values()]);
      currentT = maskTensors(tf, ctx.variables, current);
    }
    applyMasks(tf, ctx.variables, currentT);
  };
  // A run resumed inside or after the ramp continues with the masks in force when it stopped: the pruned
  // weights of the checkpoint are exactly 0 (a trained weight is exactly 0 with negligible probability).
  const onStart = (ctx: StepContext): void => {
    if (ctx.step <= beginStep) return;
    current = new Map(options.masks ?? []);
    for (const name of targets.keys()) current.set(name, Float32Array.from(ctx.variables.get(name)!.dataSync(), (v) => (v === 0 ? 0 : 1)));
    tf.dispose([...currentT.values()]);
    currentT = maskTensors(tf, ctx.variables, current);
  };
  if (options.masks) currentT = maskTensors(tf, trainableVariables(model), options.masks);
  try {
    const train = await fineTune(model, data, { ...options, masks: undefined, onStep, onStart });
    const masks = current ?? magnitudeMasks(model, targets, options.masks);
    return { train, masks };
  } finally {
    tf.dispose([...currentT.values()]);
  }
}
