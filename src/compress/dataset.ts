/**
 * Labelled training data for the fine-tuning engine: images/features as one flat float32 array plus integer
 * class labels, loaded from `.npy` files, and the seeded per-epoch shuffle.
 */
import { readNpy } from '../io/npy';
import { TinyfitError } from '../errors';
import { mulberry32, permutation } from '../util/rng';

/** A labelled data set: `x` holds `count` samples of `sampleShape` each, row-major. */
export interface Dataset {
  x: Float32Array;
  /** Shape of one sample, e.g. [28, 28, 1]. */
  sampleShape: number[];
  /** Class index per sample. */
  labels: Int32Array;
  count: number;
}

/** Elements of one sample. */
export function sampleSize(d: Dataset): number {
  return d.sampleShape.reduce((a, b) => a * b, 1);
}

/**
 * Builds a {@link Dataset} from samples and labels (labels may be any integer typed array), checking that the
 * counts agree.
 */
export function makeDataset(x: Float32Array, shape: readonly number[], labels: ArrayLike<number>): Dataset {
  const count = shape[0];
  const sampleShape = shape.slice(1);
  if (labels.length !== count) throw new TinyfitError(`dataset: ${count} samples but ${labels.length} labels`);
  if (x.length !== count * sampleShape.reduce((a, b) => a * b, 1)) throw new TinyfitError('dataset: sample data does not match its shape');
  return { x, sampleShape, labels: Int32Array.from(labels), count };
}

/**
 * Loads a data set from two `.npy` files: samples (float32, first axis = sample; int8/uint8 are converted to
 * float32 as is) and labels (uint8/int8/int32, one per sample).
 */
export function loadNpyDataset(xPath: string, yPath: string): Dataset {
  const x = readNpy(xPath);
  const y = readNpy(yPath);
  if (y.data instanceof Float32Array) throw new TinyfitError(`${yPath}: labels must be an integer array`);
  if (y.shape.length !== 1) throw new TinyfitError(`${yPath}: labels must be one-dimensional, got [${y.shape.join(', ')}]`);
  const xf = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
  return makeDataset(xf, x.shape, y.data);
}

/** The first `n` samples (or the range [start, start + n)) of a data set, sharing no memory with it. */
export function sliceDataset(d: Dataset, start: number, n: number): Dataset {
  const s = sampleSize(d);
  const end = Math.min(d.count, start + n);
  return { x: d.x.slice(start * s, end * s), sampleShape: [...d.sampleShape], labels: d.labels.slice(start, end), count: end - start };
}

/**
 * The sample order of one epoch: a Fisher–Yates permutation drawn from mulberry32(seed, epoch). Depending only
 * on (seed, epoch) makes a resumed run see exactly the batches an uninterrupted one would.
 */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  const rng = mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ (epoch + 1)) >>> 0);
  return permutation(count, rng);
}

/** Gathers the samples `order[start..end)` into one contiguous batch (samples and labels). */
export function gatherBatch(d: Dataset, order: Int32Array, start: number, end: number): { x: Float32Array; labels: Int32Array } {
  const s = sampleSize(d);
  const x = new Float32Array((end - start) * s);
  const labels = new Int32Array(end - start);
  for (let i = start; i < end; i++) {
    const src = order[i];
    x.set(d.x.subarray(src * s, (src + 1) * s), (i - start) * s);
    labels[i - start] = d.labels[src];
  }
  return { x, labels };
}
