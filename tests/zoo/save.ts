/**
 * Writes TF.js Layers models to disk exactly the way `tensorflowjs_converter` / `model.save('file://…')` lay them out
 * (model.json + binary weight shards), with the converter's optional sharding, grouping and weight quantization, and
 * loads them back through `tf.loadLayersModel` (so the reference model sees the same dequantized weights that
 * TF.js itself would use).
 *
 * File format (checked against @tensorflow/tfjs-core 4.22 io/types.d.ts and io_utils.js decodeWeights, and
 * tfjs-converter python/tensorflowjs/write_weights.py):
 *   model.json = { format: 'layers-model', generatedBy, convertedBy, modelTopology,
 *                  weightsManifest: [{ paths: ['group1-shard1of2.bin', …], weights: [{ name, shape, dtype, quantization? }] }] }
 *   - a group's weights are concatenated in manifest order and the byte stream is cut into shards of `shardBytes`
 *     (a weight may straddle two shard files); file names are `group<g>-shard<i>of<n>.bin` (1-based).
 *   - quantized entry: dtype stays the original ('float32') and
 *       uint8/uint16: quantization = { dtype, min, scale, original_dtype: 'float32' }, stored q, value = q * scale + min
 *       float16:      quantization = { dtype: 'float16', original_dtype: 'float32' }, stored IEEE binary16 bits
 *     (tfjs-core decodes with `v * scale + min`; the converter additionally nudges min so 0 is exact — we use the
 *     plain affine range min..max, which the decoder treats identically).
 *   - a model without weights gets `weightsManifest: [{ paths: [], weights: [] }]` (what the converter writes).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
// Same module instance as getTf() returns (tfjs-node, when present, re-exports this package's core).
import * as tfjs from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { mulberry32 } from '../helpers/rng';

export type QuantizeDtype = 'uint8' | 'uint16' | 'float16';

export interface SaveModelOptions {
  /** Cut each group's byte stream into shard files of at most this many bytes (default: one shard per group). */
  shardBytes?: number;
  /** tfjs-converter style weight quantization of float32 weights. */
  quantize?: QuantizeDtype;
  /** Split the weights (in order) into this many manifest groups (default 1; clamped to the number of weights). */
  groups?: number;
}

/** One weight entry as written to model.json (tfjs-core's type lacks `original_dtype`, which the converter writes). */
export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: { dtype: QuantizeDtype; min?: number; scale?: number; original_dtype?: 'float32' };
}
export interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}
export interface SavedModelJson {
  format: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: unknown;
  weightsManifest: ManifestGroup[];
}

const BYTES_PER: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

// ---------------------------------------------------------------------------------------------------------------
// float16

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

/** IEEE-754 binary32 → binary16 bits, round-to-nearest-even (subnormals, overflow to ±Inf, NaN kept quiet). */
export function float32ToFloat16Bits(value: number): number {
  f32buf[0] = value;
  const x = u32buf[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): value = mant24 * 2^(e - 25) → half mantissa = mant24 >> (14 - e).
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) !== 0)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Inf).
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) !== 0)) half++;
  return sign | half;
}

/** binary16 bits → number (exact). */
export function float16BitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// ---------------------------------------------------------------------------------------------------------------
// quantization

export interface Quantized {
  bytes: Uint8Array;
  quantization: NonNullable<ManifestEntry['quantization']>;
}

/** Quantizes float32 values the tfjs-converter way (see the file comment). */
export function quantizeValues(values: Float32Array, dtype: QuantizeDtype): Quantized {
  if (dtype === 'float16') {
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
    return { bytes: new Uint8Array(out.buffer), quantization: { dtype: 'float16', original_dtype: 'float32' } };
  }
  const bits = dtype === 'uint8' ? 8 : 16;
  const qmax = 2 ** bits - 1;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (values.length === 0) min = max = 0;
  const scale = max === min ? 1 : (max - min) / qmax;
  const out = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round((values[i] - min) / scale);
    out[i] = q < 0 ? 0 : q > qmax ? qmax : q;
  }
  return {
    bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    quantization: { dtype, min, scale, original_dtype: 'float32' },
  };
}

/** What tfjs-core's decodeWeights produces for a quantized entry (float32 result). */
export function dequantizeValues(bytes: Uint8Array, q: NonNullable<ManifestEntry['quantization']>): Float32Array {
  const copy = bytes.slice(); // aligned copy
  if (q.dtype === 'float16') {
    const h = new Uint16Array(copy.buffer);
    return Float32Array.from(h, (v) => float16BitsToFloat32(v));
  }
  const arr = q.dtype === 'uint8' ? copy : new Uint16Array(copy.buffer);
  const out = new Float32Array(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = arr[i] * (q.scale as number) + (q.min as number);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// save

function toArrayBuffer(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data == null) return new ArrayBuffer(0);
  return tfjs.io.CompositeArrayBuffer.join(data);
}

/** Splits entries (with byte sizes) into `n` contiguous non-empty groups of roughly equal byte size. */
function partition<T extends { bytes: Uint8Array }>(items: T[], n: number): T[][] {
  if (items.length === 0) return [[]];
  const groups = Math.max(1, Math.min(Math.floor(n), items.length));
  const total = items.reduce((s, it) => s + it.bytes.byteLength, 0);
  const out: T[][] = [];
  let i = 0;
  let acc = 0;
  for (let g = 0; g < groups; g++) {
    const cur: T[] = [];
    const target = (total * (g + 1)) / groups;
    const mustLeave = groups - g - 1; // items still needed by later groups
    do {
      cur.push(items[i]);
      acc += items[i].bytes.byteLength;
      i++;
    } while (
      i < items.length - mustLeave &&
      (g === groups - 1 || acc + items[i].bytes.byteLength / 2 <= target)
    );
    out.push(cur);
  }
  return out;
}

/**
 * tfjs-layers 4.22 SeparableConv2D.getConfig() drops `depth_multiplier`, so TF.js cannot even reload its own
 * SeparableConv2D(depthMultiplier: 2) model. Keras (and hence tensorflowjs_converter output) always writes it; put it
 * back so the saved file is what a Keras-originated model.json looks like.
 */
function restoreSeparableDepthMultiplier(model: TF.LayersModel, topology: unknown): unknown {
  const dm = new Map<string, number>();
  const collect = (m: { layers?: unknown[] }): void => {
    for (const l of m.layers ?? []) {
      const layer = l as { name: string; depthMultiplier?: number; layers?: unknown[]; getClassName(): string };
      if (Array.isArray(layer.layers)) collect(layer);
      if (layer.getClassName() === 'SeparableConv2D' && typeof layer.depthMultiplier === 'number') {
        dm.set(layer.name, layer.depthMultiplier);
      }
    }
  };
  collect(model as unknown as { layers: unknown[] });
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node == null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const config = obj['config'] as Record<string, unknown> | undefined;
    if (obj['class_name'] === 'SeparableConv2D' && config && config['depth_multiplier'] == null) {
      const v = dm.get(config['name'] as string);
      if (v != null) config['depth_multiplier'] = v;
    }
    Object.values(obj).forEach(walk);
  };
  walk(topology);
  return topology;
}

/**
 * Saves `model` as `dir/model.json` + `dir/group*-shard*of*.bin` (see the file comment for the exact layout).
 * The topology is whatever `model.save()` produces; only the weight files/manifest are rewritten.
 */
export async function saveModel(model: TF.LayersModel, dir: string, opts: SaveModelOptions = {}): Promise<void> {
  const tf = await getTf();
  let artifacts: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  if (!artifacts) throw new Error('model.save did not produce artifacts');
  const specs = artifacts.weightSpecs ?? [];
  const data = new Uint8Array(toArrayBuffer(artifacts.weightData));

  // Slice the concatenated float32 blob back into per-weight entries, quantizing where asked.
  const entries: Array<{ entry: ManifestEntry; bytes: Uint8Array }> = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new Error(`model.save produced an already quantized weight ${spec.name}`);
    const per = BYTES_PER[spec.dtype];
    if (per == null) throw new Error(`unsupported weight dtype ${spec.dtype} (${spec.name})`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const raw = data.slice(offset, offset + n * per);
    offset += n * per;
    const entry: ManifestEntry = { name: spec.name, shape: [...spec.shape], dtype: spec.dtype as ManifestEntry['dtype'] };
    if (opts.quantize && spec.dtype === 'float32') {
      const q = quantizeValues(new Float32Array(raw.buffer, raw.byteOffset, n), opts.quantize);
      entry.quantization = q.quantization;
      entries.push({ entry, bytes: q.bytes });
    } else {
      entries.push({ entry, bytes: raw });
    }
  }
  if (offset !== data.byteLength) {
    throw new Error(`weight specs cover ${offset} bytes but weight data has ${data.byteLength}`);
  }

  fs.mkdirSync(dir, { recursive: true });
  const manifest: ManifestGroup[] = [];
  const groups = partition(entries, opts.groups ?? 1);
  groups.forEach((group, gi) => {
    const total = group.reduce((s, e) => s + e.bytes.byteLength, 0);
    const blob = new Uint8Array(total);
    let o = 0;
    for (const e of group) {
      blob.set(e.bytes, o);
      o += e.bytes.byteLength;
    }
    const shard = opts.shardBytes != null && opts.shardBytes > 0 ? Math.floor(opts.shardBytes) : Math.max(total, 1);
    const nShards = Math.ceil(total / shard);
    const paths: string[] = [];
    for (let s = 0; s < nShards; s++) {
      const name = `group${gi + 1}-shard${s + 1}of${nShards}.bin`;
      fs.writeFileSync(path.join(dir, name), blob.subarray(s * shard, Math.min(total, (s + 1) * shard)));
      paths.push(name);
    }
    manifest.push({ paths, weights: group.map((e) => e.entry) });
  });

  const json: SavedModelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: restoreSeparableDepthMultiplier(model, artifacts.modelTopology),
    weightsManifest: manifest,
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
}

// ---------------------------------------------------------------------------------------------------------------
// load

/** Reads dir/model.json and returns it parsed. */
export function readModelJson(dir: string): SavedModelJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as SavedModelJson;
}

/** An IOHandler that reads a saved model (any sharding/grouping/quantization) from disk, like tf.io.http does. */
export function fileIOHandler(dir: string): TF.io.IOHandler {
  return {
    load: async () => {
      const json = readModelJson(dir);
      return tfjs.io.getModelArtifactsForJSON(json as unknown as TF.io.ModelJSON, async (manifest) => {
        const specs: TF.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const b = fs.readFileSync(path.join(dir, p));
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tfjs.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Loads a model written by saveModel (or the converter) with tf.loadLayersModel; quantized weights come back dequantized. */
export async function loadSaved(dir: string): Promise<TF.LayersModel> {
  const tf = await getTf();
  return tf.loadLayersModel(fileIOHandler(dir));
}

// ---------------------------------------------------------------------------------------------------------------
// seeded weights

type WeightRole =
  | 'kernel'
  | 'depthwise_kernel'
  | 'pointwise_kernel'
  | 'bias'
  | 'gamma'
  | 'beta'
  | 'moving_mean'
  | 'moving_variance'
  | 'alpha'
  | 'other';

function roleOf(name: string): WeightRole {
  const m = /(depthwise_kernel|pointwise_kernel|kernel|bias|gamma|beta|moving_mean|moving_variance|alpha)(_\d+)?$/.exec(
    name,
  );
  return m ? (m[1] as WeightRole) : 'other';
}

function fans(shape: number[], role: WeightRole): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const cin = shape[shape.length - 2];
  const cout = shape[shape.length - 1];
  // A depthwise kernel [kh, kw, cin, mult] mixes no channels: each output sees kh*kw inputs. Using Keras' fans
  // (cin*kh*kw) would shrink activations by ~sqrt(cin) per layer and drown the signal in the BN offsets.
  if (role === 'depthwise_kernel') return [rf, rf * cout];
  return [cin * rf, cout * rf];
}

interface WeightHolder {
  weights: Array<{ name: string; originalName?: string; shape: number[] }>;
  setWeights(w: TF.Tensor[]): void;
}

function collectLayers(model: { layers: unknown[] }, out: WeightHolder[] = []): WeightHolder[] {
  for (const l of model.layers) {
    const sub = l as { layers?: unknown[] };
    if (Array.isArray(sub.layers)) collectLayers(sub as { layers: unknown[] }, out);
    else out.push(l as WeightHolder);
  }
  return out;
}

/**
 * Overwrites every weight of `model` with values from a mulberry32 stream seeded by `seed` (deterministic in
 * layer order, then weight order):
 *   kernels            uniform ±sqrt(6/(fan_in+fan_out)) (Glorot; depthwise kernels use per-channel fans)
 *   biases             uniform ±0.1
 *   BN gamma [0.5,1.5], beta ±0.3, moving_mean ±0.5, moving_variance [0.3,2.0]
 *   PReLU alpha        [0.05,0.4]
 *   anything else      uniform ±0.1
 */
export function seedWeights(model: TF.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  const uni = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  for (const layer of collectLayers(model as unknown as { layers: unknown[] })) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const role = roleOf(w.originalName ?? w.name);
      const n = w.shape.reduce((a, b) => a * b, 1);
      let lo = -0.1;
      let hi = 0.1;
      switch (role) {
        case 'kernel':
        case 'depthwise_kernel':
        case 'pointwise_kernel': {
          const [fi, fo] = fans(w.shape, role);
          hi = Math.sqrt(6 / (fi + fo));
          lo = -hi;
          break;
        }
        case 'gamma':
          [lo, hi] = [0.5, 1.5];
          break;
        case 'beta':
          [lo, hi] = [-0.3, 0.3];
          break;
        case 'moving_mean':
          [lo, hi] = [-0.5, 0.5];
          break;
        case 'moving_variance':
          [lo, hi] = [0.3, 2.0];
          break;
        case 'alpha':
          [lo, hi] = [0.05, 0.4];
          break;
        default:
          break;
      }
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = uni(lo, hi);
      return tfjs.tensor(a, w.shape, 'float32');
    });
    layer.setWeights(values);
    tfjs.dispose(values);
  }
}
