/**
 * The compression recipe (what {@link compressModel} does to a model, stage by stage), its progress events and
 * its result. A recipe is plain JSON so it can live beside a model (examples/deep-compression/*.recipe.json).
 */
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';
import type { Graph } from '../ir/types';
import type { WeightMasks } from './masks';
import type { SensitivityTable } from './sensitivity';
import type { PrecisionRow } from './mixedPrecision';
import { recipeError } from './recipeFile';

/** Per-layer value (by Keras layer name) or one value for every weight layer. */
export type PerLayer<T> = T | Record<string, T>;

/** What {@link compressModel} does; every stage is optional. */
export interface CompressRecipe {
  /** Seed of shuffling, augmentation and k-means++ (default 0): the same seed gives the same result. */
  seed?: number;
  /** Training batch size (default 32). */
  batchSize?: number;
  /** Random translations of ±this many pixels for [H, W, C] image inputs during fine-tuning (default 0). */
  augmentShift?: number;
  /** Structured pruning first: whole filters/neurons removed (src/compress/structuredTf.ts), fine-tuned in steps. */
  structured?: {
    /** Target MACs after / before (e.g. 0.5). */
    macFraction?: number;
    /** Fixed keep per layer: a count of filters/units (≥ 1) or a fraction (< 1). */
    layers?: Record<string, number>;
    criterion?: 'l1' | 'bn' | 'auto';
    /** Remove-then-fine-tune iterations (default 1). */
    steps?: number;
    /** Smallest share of a layer's filters kept (default 0.25). */
    minKeep?: number;
    /** Fine-tuning epochs per step (default 2) and learning rate (default 3e-4). */
    epochs?: number;
    lr?: number;
  };
  /** Magnitude pruning with fine-tuning; the masks are fixed from then on. */
  prune?: {
    /** Fraction of each kernel's weights to remove, or per layer name (layers not named stay dense). */
    sparsity?: PerLayer<number>;
    /** Choose per-layer sparsities by a sensitivity analysis on training samples instead. */
    sensitivity?: { maxDrop: number; samples?: number; sparsities?: number[] };
    /** Fine-tuning epochs (default 10) and learning rate (default 5e-4). */
    epochs?: number;
    lr?: number;
    /** Epochs of the polynomial-decay ramp (default 3/4 of `epochs`); the rest fine-tunes with fixed masks. */
    rampEpochs?: number;
    /** Then this many more epochs with fixed masks and a fresh Adam at `finalLr` (default 0). */
    finalEpochs?: number;
    /** Learning rate of the final epochs (default lr / 10). */
    finalLr?: number;
  };
  /** Weight sharing: per-layer k-means with 2^bits clusters, then centroid fine-tuning. */
  cluster?: {
    bits: PerLayer<number>;
    init?: 'linear' | 'kmeans++';
    /** Centroid fine-tuning epochs (default 3) and learning rate (default 1e-4). */
    epochs?: number;
    lr?: number;
  };
  /** int4 weights (quantization-aware fine-tuning during the cluster stage): 4 for every layer not clustered, or by layer name. */
  lowBit?: PerLayer<4>;
  /** Mixed precision from a sensitivity analysis: every layer neither clustered nor named in lowBit becomes int4 when that alone costs at most `maxDrop` accuracy on `samples` training samples (default 1,000). */
  mixedPrecision?: { maxDrop: number; samples?: number };
  /** Huffman-code the compressed streams: true/'startup' decodes at start-up, 'stream' per layer. */
  huffman?: boolean | 'startup' | 'stream';
  /** Training samples used for int8 calibration (default 100). */
  calibrationSamples?: number;
}

/** A progress event: a stage starts or ends, or a training step of a stage reports. */
export interface PipelineProgress {
  stage: 'baseline' | 'structured' | 'prune' | 'cluster' | 'int8' | 'compressed';
  event: 'start' | 'step' | 'end';
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  loss?: number;
  accuracy?: number;
  elapsedSeconds?: number;
  etaSeconds?: number;
}

/** One stage's outcome: test accuracy after it (the fraction correct) and a short description. */
export interface StageReport {
  name: string;
  accuracy: number;
  detail: string;
  seconds: number;
}

/** Per weight layer: sizes after compression. */
export interface LayerReport {
  name: string;
  kind: string;
  weights: number;
  kept: number;
  sparsity: number;
  /** Clusters in the codebook (clustered layers). */
  clusters?: number;
  /** Bits per weight index or value (clustered, int4). */
  bits?: number;
  /** Distinct int8 values among the kept weights of the int8 graph. */
  distinctInt8: number;
  /** Storage kind chosen for the weight tensor ('dense' when none). */
  storage: string;
}

/** Result of {@link compressModel}. */
export interface CompressResult {
  /** The int8 graph with compressed storages attached to its weight tensors. */
  graph: Graph;
  stages: StageReport[];
  baselineAccuracy: number;
  /** Accuracy of the compressed int8 graph (int8 reference) on the test set. */
  accuracy: number;
  layers: LayerReport[];
  /** Pruning masks by weight name (1 = kept); empty without a prune stage. */
  masks: WeightMasks;
  /** The fine-tuned float model (pruned and clustered weights in place). */
  model: TF.LayersModel;
  /** The int4-vs-int8 measurement per layer, when the recipe asked for mixed precision. */
  precision?: PrecisionRow[];
  /** The per-layer sensitivity analysis, when the recipe chose sparsities by one. */
  sensitivity?: SensitivityTable;
}

/** The value of a {@link PerLayer} for `layer`, or undefined when a record does not name it. */
export function perLayer<T>(v: PerLayer<T> | undefined, layer: string): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null) return (v as Record<string, T>)[layer];
  return v;
}

/**
 * Checks a recipe against the recipe schema (src/compress/recipeFile.ts; throws a TinyfitError naming the first
 * bad field) and what a schema cannot say.
 */
export function checkRecipe(r: CompressRecipe): void {
  const err = recipeError(r);
  if (err) throw new TinyfitError(`recipe: ${err}`);
  if (r.prune && r.prune.sparsity === undefined && !r.prune.sensitivity) throw new TinyfitError('recipe: prune needs sparsity or sensitivity');
}
