/**
 * The compression pipeline as one library call (Deep Compression, Han et al. 2016, on a TF.js model):
 * float baseline → gradual magnitude pruning with fine-tuning (masks fixed from then on) → weight sharing
 * (per-layer k-means on the nonzero weights, centroid fine-tuning, int4 grids) → post-training int8
 * quantization (one scale per tensor for shared layers) → compressed storage per weight tensor → accuracy of
 * the compressed int8 graph on the int8 reference, which the generated C reproduces.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';
import type { StorageChoice } from '../ir/storage';
import type { Graph } from '../ir/types';
import { shiftTransform } from './augment';
import { type Dataset, sliceDataset } from './dataset';
import { evaluateAccuracy } from './evaluate';
import { attachStorage, int8Accuracy, int8Stats, modelToGraph, quantizeShared, toInt4 } from './int8Stage';
import { prunableWeights } from './magnitude';
import { type WeightMasks, trainableVariables } from './masks';
import { loadLayersModelFromDir } from './tfModelIo';
import { pruneAndFineTune } from './prune';
import { chooseInt4Layers } from './mixedPrecision';
import { structuredPrune } from './structuredTf';
import { type CompressRecipe, type CompressResult, type LayerReport, type PipelineProgress, type StageReport, checkRecipe, perLayer } from './recipe';
import { chooseSparsities, sensitivityAnalysis, type SensitivityTable } from './sensitivity';
import { type SharedWeight, clusterKernels, int4Kernels, projectShared, snapShared } from './shareWeights';
import { type TrainProgress, fineTune, getTrainingTf } from './train';

export type { CompressRecipe, CompressResult, LayerReport, PipelineProgress, StageReport } from './recipe';

/** Fine-tuning defaults of the stages (what `tinyfit compress --prune 0.9` alone runs). */
export const DEFAULTS = {
  structured: { epochs: 2, lr: 3e-4 },
  prune: { epochs: 10, lr: 5e-4 },
  cluster: { epochs: 3, lr: 1e-4 },
} as const;

/** Keras layer name of a kernel weight name (`fc1/kernel` → `fc1`). */
function layerOf(weight: string): string {
  return weight.slice(0, weight.lastIndexOf('/'));
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

/** Sparsity per kernel weight name from the recipe (a number, a per-layer record, or a sensitivity analysis). */
function pruneTargets(
  tf: typeof TF,
  model: TF.LayersModel,
  train: Dataset,
  p: NonNullable<CompressRecipe['prune']>,
  onTable: (t: SensitivityTable) => void,
): Record<string, number> {
  const kernels = prunableWeights(model);
  if (p.sensitivity) {
    const table = sensitivityAnalysis(tf, model, sliceDataset(train, 0, p.sensitivity.samples ?? 1000), { sparsities: p.sensitivity.sparsities });
    onTable(table);
    return chooseSparsities(table, p.sensitivity.maxDrop);
  }
  const out: Record<string, number> = {};
  for (const k of kernels) {
    const s = perLayer(p.sparsity, layerOf(k));
    if (s !== undefined && s > 0) out[k] = s;
  }
  return out;
}

/**
 * Refuses, before any training, a recipe naming a layer the model has no prunable kernel in (per-layer
 * sparsity, cluster bits, int4, structured keep counts).
 */
function checkLayerNames(model: TF.LayersModel, recipe: CompressRecipe): void {
  const layers = prunableWeights(model).map(layerOf);
  const named: [string, unknown][] = [
    ['prune', recipe.prune?.sparsity],
    ['cluster', recipe.cluster?.bits],
    ['lowBit', recipe.lowBit],
    ['structured', recipe.structured?.layers],
  ];
  for (const [field, v] of named) {
    if (typeof v !== 'object' || v === null) continue;
    for (const l of Object.keys(v)) {
      if (!layers.includes(l)) throw new TinyfitError(`recipe: ${field} names layer '${l}', which has no prunable kernel (${layers.join(', ')})`);
    }
  }
}

/** Kept (mask = 1) elements per weight name. */
function keptCount(m: Float32Array): number {
  let n = 0;
  for (const v of m) if (v !== 0) n++;
  return n;
}

/** The storage of one layer's weights: sparse when pruned, clustered when shared, int4 for low-bit layers. */
function storageFor(recipe: CompressRecipe, pruned: boolean, bits: number | undefined, int4: boolean): StorageChoice | undefined {
  // Stream decoding exists for the combined format only; the others decode their Huffman streams at start-up.
  const huffman = recipe.huffman === 'stream' ? 'startup' : recipe.huffman;
  if (int4) return { kind: 'int4' };
  // Pruned and clustered: Deep Compression's combined format, the index addressing the codebook (0 included).
  if (pruned && bits !== undefined) return { kind: 'sparseClustered', indexBits: bits, huffman: recipe.huffman };
  if (pruned) return { kind: 'sparse', huffman };
  if (bits !== undefined) return { kind: 'clustered', bits, huffman };
  return undefined;
}

/** Resolves `model.json` or the folder holding it. */
function modelDir(modelPath: string): string {
  return fs.existsSync(modelPath) && fs.statSync(modelPath).isDirectory() ? modelPath : path.dirname(modelPath);
}

/**
 * Compresses a TF.js Layers model by `recipe`, fine-tuning on `data.train` and measuring each stage on
 * `data.test` (float stages with TF.js, int8 stages with the int8 reference).
 * @param modelPath a TF.js Layers `model.json` or its folder
 * @param data labelled training and test sets (classification)
 * @param recipe the stages and their settings
 * @param opts `onProgress` receives stage start/end and per-batch training events
 * @returns the compressed int8 graph, per-stage accuracy, per-layer sizes, the masks and the fine-tuned model
 * @throws TinyfitError on a bad recipe or a layer name the model does not have
 */
export async function compressModel(
  modelPath: string,
  data: { train: Dataset; test: Dataset },
  recipe: CompressRecipe,
  opts: { onProgress?: (e: PipelineProgress) => void } = {},
): Promise<CompressResult> {
  checkRecipe(recipe);
  const tf = await getTrainingTf();
  let model = await loadLayersModelFromDir(tf, modelDir(modelPath));
  checkLayerNames(model, recipe);
  const seed = recipe.seed ?? 0;
  const batchSize = recipe.batchSize ?? 32;
  const emit = opts.onProgress ?? ((): void => undefined);
  const augment = recipe.augmentShift ? shiftTransform(data.train.sampleShape, recipe.augmentShift, seed) : undefined;
  const steps = (stage: PipelineProgress['stage']) => (p: TrainProgress): void => emit({ stage, event: 'step', ...p });
  const stages: StageReport[] = [];
  const stage = async (name: PipelineProgress['stage'], fn: () => Promise<{ accuracy: number; detail: string }> | { accuracy: number; detail: string }): Promise<number> => {
    emit({ stage: name, event: 'start' });
    const t0 = Date.now();
    const r = await fn();
    stages.push({ name, ...r, seconds: (Date.now() - t0) / 1000 });
    emit({ stage: name, event: 'end', accuracy: r.accuracy });
    return r.accuracy;
  };

  const baselineAccuracy = await stage('baseline', () => ({ accuracy: evaluateAccuracy(tf, model, data.test), detail: 'float32, test set' }));

  if (recipe.structured) {
    const st = recipe.structured;
    await stage('structured', async () => {
      const r = await structuredPrune(model, data, {
        macFraction: st.macFraction,
        layers: st.layers,
        criterion: st.criterion,
        steps: st.steps,
        minKeep: st.minKeep,
        epochs: st.epochs ?? DEFAULTS.structured.epochs,
        learningRate: st.lr ?? DEFAULTS.structured.lr,
        batchSize,
        seed,
        augmentShift: recipe.augmentShift,
        onProgress: steps('structured'),
      });
      model = r.model;
      const kept = r.steps.length ? Object.entries(r.steps[r.steps.length - 1].kept).map(([l, k]) => `${l} ${k}`).join(', ') : 'nothing removed';
      return {
        accuracy: evaluateAccuracy(tf, model, data.test),
        detail: `MACs ${r.macsBefore.toLocaleString('en-US')} -> ${r.macsAfter.toLocaleString('en-US')} (${(r.macsAfter / r.macsBefore).toFixed(3)}x), params ${r.paramsBefore.toLocaleString('en-US')} -> ${r.paramsAfter.toLocaleString('en-US')}; kept ${kept}`,
      };
    });
  }

  let masks: WeightMasks = new Map();
  let sensitivity: SensitivityTable | undefined;
  if (recipe.prune) {
    const p = recipe.prune;
    await stage('prune', async () => {
      const targets = pruneTargets(tf, model, data.train, p, (t) => (sensitivity = t));
      const batches = Math.ceil(data.train.count / batchSize);
      const endStep = p.rampEpochs !== undefined ? Math.max(0, Math.round(p.rampEpochs * batches) - 1) : undefined;
      const lr = p.lr ?? DEFAULTS.prune.lr;
      const r = await pruneAndFineTune(model, data.train, { sparsity: targets, epochs: p.epochs ?? DEFAULTS.prune.epochs, learningRate: lr, batchSize, seed, endStep, augment, onProgress: steps('prune') });
      masks = r.masks;
      if (p.finalEpochs) {
        await fineTune(model, data.train, { epochs: p.finalEpochs, learningRate: p.finalLr ?? lr / 10, batchSize, seed: seed + 2, masks, augment, onProgress: steps('prune') });
      }
      let kept = 0;
      let total = 0;
      for (const m of masks.values()) {
        kept += keptCount(m);
        total += m.length;
      }
      const per = Object.entries(targets).map(([w, s]) => `${layerOf(w)} ${pct(s)}`).join(', ');
      return { accuracy: evaluateAccuracy(tf, model, data.test), detail: `kept ${kept} of ${total} pruned-layer weights (${pct(kept / total)}); sparsity ${per}` };
    });
  }

  const vars = trainableVariables(model);
  const kernels = prunableWeights(model);
  // int4 where the recipe says so; with lowBit 4 for all, the clustered layers stay clustered
  const lowBit = kernels
    .map(layerOf)
    .filter((l) => perLayer(recipe.lowBit, l) === 4 && (typeof recipe.lowBit === 'object' || !recipe.cluster || perLayer(recipe.cluster.bits, l) === undefined));
  // mixed precision: the kernels neither clustered nor int4 already become int4 where a sensitivity analysis allows
  let precision: ReturnType<typeof chooseInt4Layers> | undefined;
  if (recipe.mixedPrecision) {
    const mp = recipe.mixedPrecision;
    const candidates = kernels.filter((k) => !lowBit.includes(layerOf(k)) && (!recipe.cluster || perLayer(recipe.cluster.bits, layerOf(k)) === undefined));
    precision = chooseInt4Layers(tf, model, vars, candidates, sliceDataset(data.train, 0, mp.samples ?? 1000), mp.maxDrop);
    for (const r of precision.rows) if (r.int4) lowBit.push(layerOf(r.weight));
  }
  // Clusters per kernel: 2^bits, or 2^bits − 1 for a pruned kernel so that the zero its sparse storage needs
  // (filler entries) still fits a bits-wide codebook index.
  const bits = new Map<string, number>();
  const clusters = new Map<string, number>();
  for (const k of kernels) {
    const b = recipe.cluster ? perLayer(recipe.cluster.bits, layerOf(k)) : undefined;
    if (b === undefined || lowBit.includes(layerOf(k))) continue;
    const m = masks.get(k);
    bits.set(k, b);
    clusters.set(k, m && keptCount(m) < m.length ? Math.max(1, 2 ** b - 1) : 2 ** b);
  }
  let shared: SharedWeight[] = [];
  if (bits.size > 0 || lowBit.length > 0) {
    const c = recipe.cluster;
    await stage('cluster', async () => {
      shared = [
        ...clusterKernels(tf, vars, clusters, c?.init ?? 'linear', seed),
        ...int4Kernels(tf, vars, kernels.filter((k) => lowBit.includes(layerOf(k)))),
      ];
      const before = evaluateAccuracy(tf, model, data.test);
      const epochs = c?.epochs ?? DEFAULTS.cluster.epochs;
      if (epochs > 0) {
        await fineTune(model, data.train, {
          epochs,
          learningRate: c?.lr ?? DEFAULTS.cluster.lr,
          batchSize,
          seed: seed + 1,
          masks,
          augment,
          onStep: (ctx) => projectShared(tf, ctx.variables, shared),
          onProgress: steps('cluster'),
        });
      }
      snapShared(tf, vars, shared);
      const per = shared.map((s) => `${layerOf(s.name)} ${s.int4Step !== undefined ? 'int4' : `${s.clustering.k} clusters`}`).join(', ');
      const mixed = precision
        ? `; mixed precision (int4 alone, drop on ${Math.min(data.train.count, recipe.mixedPrecision?.samples ?? 1000)} training samples): ${precision.rows.map((r) => `${layerOf(r.weight)} ${(100 * r.drop).toFixed(2)} pt -> ${r.int4 ? 'int4' : 'int8'}`).join(', ')}`
        : '';
      return { accuracy: evaluateAccuracy(tf, model, data.test), detail: `${per}; ${pct(before)} before centroid fine-tuning${mixed}` };
    });
  }

  const sharedLayers = shared.map((s) => layerOf(s.name));
  let int8!: Graph; // set by the int8 stage
  await stage('int8', async () => {
    const calibration = sliceDataset(data.train, 0, recipe.calibrationSamples ?? 100);
    int8 = quantizeShared(await modelToGraph(tf, model), calibration, sharedLayers);
    for (const s of shared) if (s.int4Step !== undefined) toInt4(int8, layerOf(s.name), s.int4Step);
    for (const s of shared) {
      const st = int8Stats(int8, layerOf(s.name));
      if (st.distinct > s.clustering.k) throw new Error(`internal: layer '${layerOf(s.name)}' has ${st.distinct} distinct int8 weights for ${s.clustering.k} clusters`);
    }
    return { accuracy: int8Accuracy(int8, data.test), detail: `post-training, ${calibration.count} calibration samples; per-tensor weights for ${sharedLayers.join(', ') || 'no layer'}` };
  });

  const layers: LayerReport[] = [];
  let graph = int8;
  const accuracy = await stage('compressed', () => {
    const choice = new Map<string, StorageChoice | undefined>();
    for (const k of kernels) {
      const l = layerOf(k);
      const m = masks.get(k);
      const s = shared.find((x) => x.name === k);
      const b = s && s.int4Step === undefined ? bits.get(k) : undefined;
      const pruned = !!m && keptCount(m) < m.length;
      choice.set(l, storageFor(recipe, pruned, b, s?.int4Step !== undefined));
      const st = int8Stats(int8, l);
      layers.push({
        name: l,
        kind: '',
        weights: st.total,
        kept: st.nonzero,
        sparsity: 1 - st.nonzero / st.total,
        ...(s ? { clusters: s.clustering.k, bits: b ?? 4 } : {}),
        distinctInt8: st.distinct,
        storage: 'dense',
      });
    }
    graph = attachStorage(int8, (l) => choice.get(l));
    for (const r of layers) {
      const op = graph.ops.find((o) => o.name.split('+')[0] === r.name)!;
      r.kind = op.kind;
      r.storage = graph.tensors.get(op.inputs[1])!.storage?.kind ?? 'dense';
    }
    return { accuracy: int8Accuracy(graph, data.test), detail: `int8 reference on the stored weights: ${layers.map((r) => `${r.name} ${r.storage}`).join(', ')}` };
  });
  return { graph, stages, baselineAccuracy, accuracy, layers, masks, model, ...(sensitivity ? { sensitivity } : {}), ...(precision ? { precision: precision.rows } : {}) };
}
