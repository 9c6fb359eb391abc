/**
 * The fine-tuning engine of the compression pipeline: trains a TF.js Layers model on a labelled data set with
 * a hand-written loop (not `model.fit`) so that every step is under control — seeded per-epoch shuffling
 * (same seed, same backend → same weights), per-batch progress with loss, accuracy and ETA, weight masks
 * re-applied after every optimizer step (pruned weights stay exactly 0), a per-step hook (pruning schedules),
 * and a checkpoint per epoch that a later run resumes from with identical results.
 */
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../engine';
import { TinyfitError } from '../errors';
import { latestCheckpoint, readCheckpoint, toEntries, writeCheckpoint, type CheckpointEntry } from './checkpoint';
import { type Dataset, epochOrder, gatherBatch } from './dataset';
import { applyMasks, maskTensors, trainableVariables, type WeightMasks } from './masks';
import { registerTrainingKernels } from './wasmGrads';

/** Per-batch progress report (for a progress bar). */
export interface TrainProgress {
  /** 1-based epoch and batch within it. */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number;
  /** Seconds since this run started and estimated seconds until it ends. */
  elapsedSeconds: number;
  etaSeconds: number;
}

/** Summary of one finished epoch. */
export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
}

/** Context handed to {@link TrainOptions.onStep} after each optimizer step (and after masks are applied). */
export interface StepContext {
  tf: typeof TF;
  /** Global 0-based step index (epoch · batchesPerEpoch + batch), the same in resumed runs. */
  step: number;
  epoch: number;
  batchesPerEpoch: number;
  variables: Map<string, TF.Variable>;
}

/** Options of {@link fineTune}. */
export interface TrainOptions {
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** Default 1e-3. */
  learningRate?: number;
  /** Default 'adam'. */
  optimizer?: 'adam' | 'sgd';
  /** Shuffling seed (default 0): the same seed gives the same batches and, on one backend, the same weights. */
  seed?: number;
  /** Fixed masks: multiplied into their weights before training and after every step. */
  masks?: WeightMasks;
  /** Called after every step (after the masks); may change variables, e.g. to apply a pruning schedule. */
  onStep?: (ctx: StepContext) => void;
  /** Called once before the first step (after a resume restored the weights); `step` is the first step to run. */
  onStart?: (ctx: StepContext) => void;
  onProgress?: (p: TrainProgress) => void;
  /**
   * Data augmentation: returns the samples of one batch to train on (e.g. shifted copies of `x`). It must be
   * deterministic in (epoch, batch) for seeded runs and resumes to stay reproducible.
   */
  augment?: (x: Float32Array, count: number, at: { epoch: number; batch: number }) => Float32Array;
  onEpochEnd?: (s: EpochStats) => void;
  /** Write a checkpoint after every epoch to `<checkpointDir>/epoch-<n>/`. */
  checkpointDir?: string;
  /** Resume from the latest checkpoint in `checkpointDir` (true) or from this checkpoint folder. */
  resume?: boolean | string;
}

/** Result of {@link fineTune}. */
export interface TrainResult {
  epochs: EpochStats[];
  /** Epoch the run started from (0 unless resumed). */
  startEpoch: number;
  seconds: number;
  backend: string;
}

/**
 * The TF.js namespace for training: tfjs-node when installed (loaded inside a try by getTf), else the wasm
 * backend with the gradient kernels it lacks registered, else cpu (with a fast filter gradient).
 */
export async function getTrainingTf(): Promise<typeof TF> {
  const tf = await getTf();
  registerTrainingKernels(tf);
  return tf;
}

/** Optimizer internals that hold state outside getWeights() (Adam's β powers). */
interface AdamInternals {
  accBeta1?: TF.Variable;
  accBeta2?: TF.Variable;
}

function makeOptimizer(tf: typeof TF, kind: 'adam' | 'sgd', lr: number): TF.Optimizer {
  return kind === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
}

async function optimizerState(opt: TF.Optimizer): Promise<CheckpointEntry[]> {
  const named = await opt.getWeights();
  const entries = toEntries(named.map((w) => ({ name: w.name, tensor: w.tensor })));
  const internals = opt as unknown as AdamInternals;
  if (internals.accBeta1 && internals.accBeta2) {
    entries.push(...toEntries([{ name: '#accBeta1', tensor: internals.accBeta1 }, { name: '#accBeta2', tensor: internals.accBeta2 }]));
  }
  return entries;
}

async function restoreOptimizer(tf: typeof TF, opt: TF.Optimizer, entries: CheckpointEntry[]): Promise<void> {
  const plain = entries.filter((e) => !e.name.startsWith('#'));
  await opt.setWeights(plain.map((e) => ({ name: e.name, tensor: tf.tensor(e.data, e.shape, e.name === 'iter' ? 'int32' : 'float32') })));
  // setWeights recomputes Adam's β powers as pow(β, t + 1); restore the exact running products instead.
  const internals = opt as unknown as Record<string, TF.Variable | undefined>;
  for (const e of entries.filter((x) => x.name.startsWith('#'))) internals[e.name.slice(1)]?.assign(tf.scalar(e.data[0]));
}

/** Cross-entropy on the model's output: probabilities when its last layer ends in softmax, else logits. */
function lossFn(tf: typeof TF, model: TF.LayersModel): (y: TF.Tensor, out: TF.Tensor) => TF.Scalar {
  const last = model.layers[model.layers.length - 1];
  const act = (last.getConfig() as { activation?: string }).activation;
  if (act === 'softmax') return (y, p) => tf.mean(tf.metrics.categoricalCrossentropy(y, p)) as TF.Scalar;
  return (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as TF.Scalar;
}

/**
 * Fine-tunes `model` in place on `data` (classification, integer labels, cross-entropy loss).
 *
 * Resuming (`resume`) restores weights, optimizer state and the epoch counter from a checkpoint written by an
 * earlier run with the same options; because batches depend only on (seed, epoch), the result equals that of
 * an uninterrupted run.
 */
export async function fineTune(model: TF.LayersModel, data: Dataset, options: TrainOptions): Promise<TrainResult> {
  const tf = await getTrainingTf();
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  const lr = options.learningRate ?? 1e-3;
  const kind = options.optimizer ?? 'adam';
  const outShape = model.outputs[0].shape;
  const classes = outShape[outShape.length - 1] as number;
  const batches = Math.ceil(data.count / batchSize);
  const vars = trainableVariables(model);
  const varList = [...vars.values()];
  const opt = makeOptimizer(tf, kind, lr);
  const meta = { seed, batchSize, learningRate: lr, optimizer: kind, count: data.count };

  let startEpoch = 0;
  const resumeFrom = options.resume === true ? (options.checkpointDir && latestCheckpoint(options.checkpointDir)) : options.resume || undefined;
  if (options.resume === true && !options.checkpointDir) throw new TinyfitError('fineTune: resume needs checkpointDir');
  if (resumeFrom) {
    const ck = readCheckpoint(resumeFrom);
    for (const [k, v] of Object.entries(meta)) {
      if (ck.meta[k] !== v) throw new TinyfitError(`${resumeFrom}: checkpoint was written with ${k} = ${String(ck.meta[k])}, this run has ${String(v)}`);
    }
    for (const e of ck.weights) {
      const v = vars.get(e.name);
      if (!v || v.size !== e.data.length) throw new TinyfitError(`${resumeFrom}: weight "${e.name}" does not match the model`);
      v.assign(tf.tensor(e.data, v.shape));
    }
    await restoreOptimizer(tf, opt, ck.optimizer);
    startEpoch = ck.epoch;
  }

  const masks = options.masks ? maskTensors(tf, vars, options.masks) : new Map<string, TF.Tensor>();
  applyMasks(tf, vars, masks);
  const loss = lossFn(tf, model);
  options.onStart?.({ tf, step: startEpoch * batches, epoch: startEpoch, batchesPerEpoch: batches, variables: vars });
  const t0 = Date.now();
  const stats: EpochStats[] = [];
  const totalSteps = (options.epochs - startEpoch) * batches;
  let done = 0;
  try {
    for (let epoch = startEpoch; epoch < options.epochs; epoch++) {
      const e0 = Date.now();
      const order = epochOrder(data.count, seed, epoch);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const end = Math.min(data.count, start + batchSize);
        const batch = gatherBatch(data, order, start, end);
        const xs = options.augment ? options.augment(batch.x, end - start, { epoch, batch: b }) : batch.x;
        const x = tf.tensor(xs, [end - start, ...data.sampleShape]);
        const labels = tf.tensor1d(batch.labels, 'int32');
        const y = tf.oneHot(labels, classes);
        let hits: TF.Tensor | undefined;
        const cost = opt.minimize(
          () => {
            const out = model.apply(x, { training: true }) as TF.Tensor;
            hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(out, -1), labels), 'int32')));
            return loss(y, out);
          },
          true,
          varList,
        )!;
        applyMasks(tf, vars, masks);
        options.onStep?.({ tf, step: epoch * batches + b, epoch, batchesPerEpoch: batches, variables: vars });
        lossSum += cost.dataSync()[0] * (end - start);
        correct += hits!.dataSync()[0];
        seen += end - start;
        tf.dispose([x, labels, y, cost, hits!]);
        done++;
        if (options.onProgress) {
          const elapsed = (Date.now() - t0) / 1000;
          options.onProgress({
            epoch: epoch + 1,
            epochs: options.epochs,
            batch: b + 1,
            batches,
            loss: lossSum / seen,
            accuracy: correct / seen,
            elapsedSeconds: elapsed,
            etaSeconds: (elapsed / done) * (totalSteps - done),
          });
        }
      }
      const s: EpochStats = { epoch: epoch + 1, loss: lossSum / seen, accuracy: correct / seen, seconds: (Date.now() - e0) / 1000 };
      stats.push(s);
      if (options.checkpointDir) {
        const weights = toEntries([...vars].map(([name, tensor]) => ({ name, tensor })));
        writeCheckpoint(options.checkpointDir, { epoch: epoch + 1, weights, optimizer: await optimizerState(opt), meta });
      }
      options.onEpochEnd?.(s);
    }
  } finally {
    tf.dispose([...masks.values()]);
    opt.dispose();
  }
  return { epochs: stats, startEpoch, seconds: (Date.now() - t0) / 1000, backend: tf.getBackend() };
}
