/**
 * The data device commands send and receive: `.npy` files with samples on the first axis, in the model's I/O
 * types (float32, or int8 for `--io int8` builds), checked against tinyfit.json before anything is sent.
 */
import { TinyfitError } from '../../errors';
import { numel } from '../../ir/graph';
import { NpyData, readNpy, writeNpy } from '../../io/npy';
import { ManifestTensor } from './manifest';

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Samples of every model input: `inputs[k][s]` is sample s of input k, as raw little-endian bytes. */
export interface Samples {
  count: number;
  inputs: Buffer[][];
}

/**
 * Reads one .npy per model input (samples on the first axis, or a single sample in the input's own shape).
 * @throws TinyfitError naming the file on a wrong count, shape or dtype
 */
export function loadSamples(files: string[], inputs: ManifestTensor[]): Samples {
  if (files.length !== inputs.length) {
    throw new TinyfitError(`give one .npy per model input: the model has ${inputs.length} (${inputs.map((t) => `'${t.name}' ${shapeText(t.shape)} ${t.dtype}`).join(', ')}), got ${files.length}`);
  }
  let count = -1;
  const out = inputs.map((t, k) => {
    const a = readNpy(files[k]);
    const single = a.shape.join(',') === t.shape.join(',');
    const batched = a.shape.length === t.shape.length + 1 && a.shape.slice(1).join(',') === t.shape.join(',') && a.shape[0] >= 1;
    if (!single && !batched) {
      throw new TinyfitError(`${files[k]}: shape ${shapeText(a.shape)} is neither input '${t.name}' ${shapeText(t.shape)} nor samples of it [N, ${t.shape.join(', ')}]`);
    }
    const want = t.dtype === 'int8' ? Int8Array : Float32Array;
    if (!(a.data instanceof want)) {
      throw new TinyfitError(`${files[k]}: ${a.dtype} data, but input '${t.name}' of this build is ${t.dtype}${t.dtype === 'int8' ? '' : ' (an int8 model generated with --io float takes float32)'}`);
    }
    if (a.data instanceof Float32Array) {
      const bad = a.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new TinyfitError(`${files[k]}: element ${bad} is ${a.data[bad]}: inputs must be finite`);
    }
    const n = single ? 1 : a.shape[0];
    if (count >= 0 && n !== count) throw new TinyfitError(`${files[k]} holds ${n} samples, ${files[0]} ${count}: every input needs the same number`);
    count = n;
    const bytes = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
    return Array.from({ length: n }, (_, s) => bytes.subarray(s * t.bytes, (s + 1) * t.bytes));
  });
  return { count, inputs: out };
}

/** The typed elements of one output sample. */
export function outputValues(t: ManifestTensor, bytes: Buffer): Float32Array | Int8Array {
  const copy = Buffer.from(bytes);
  return t.dtype === 'int8' ? new Int8Array(copy.buffer, copy.byteOffset, copy.length) : new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
}

/** Writes output `k` of every sample as one .npy (samples on the first axis). */
export function saveOutputs(file: string, t: ManifestTensor, samples: Buffer[]): void {
  const all = Buffer.concat(samples);
  const data: NpyData = outputValues(t, all);
  writeNpy(file, data, [samples.length, ...t.shape]);
}


/** `count` reproducible random samples (int8: every value; float32: uniform in [-1, 1)) for a validation without data. */
export function randomSamples(inputs: ManifestTensor[], count: number, seed = 1): Samples {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return {
    count,
    inputs: inputs.map((t) =>
      Array.from({ length: count }, () => {
        const n = numel(t.shape);
        const v = t.dtype === 'int8' ? Int8Array.from({ length: n }, () => Math.floor(next() * 256) - 128) : Float32Array.from({ length: n }, () => next() * 2 - 1);
        return Buffer.from(v.buffer);
      }),
    ),
  };
}
