import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';

/** One entry of a TF.js weights manifest group. */
export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number; original_dtype?: string };
}

/** One group of a TF.js weights manifest: its shard files and the weights they hold, in order. */
export interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** A weight decoded to float32 with its TF.js shape. */
export interface LoadedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

function bytesPerElement(e: ManifestEntry, where: string): number {
  const q = e.quantization?.dtype;
  if (q) {
    if (q === 'uint8') return 1;
    if (q === 'uint16' || q === 'float16') return 2;
    throw new TinyfitError(`${where}: weight '${e.name}' uses unsupported quantization dtype '${q}'`);
  }
  if (e.dtype === 'float32' || e.dtype === 'int32') return 4;
  throw new TinyfitError(`${where}: weight '${e.name}' has unsupported dtype '${e.dtype}'`);
}

/** Decodes an IEEE 754 half-precision value. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function decode(e: ManifestEntry, buf: Buffer, offset: number, n: number): Float32Array {
  const out = new Float32Array(n);
  const q = e.quantization;
  if (q?.dtype === 'uint8' || q?.dtype === 'uint16') {
    // tfjs-converter affine quantization: value = q * scale + min
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    for (let i = 0; i < n; i++) {
      const v = q.dtype === 'uint8' ? buf[offset + i] : buf.readUInt16LE(offset + 2 * i);
      out[i] = v * scale + min;
    }
  } else if (q?.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(buf.readUInt16LE(offset + 2 * i));
  } else if (e.dtype === 'int32') {
    for (let i = 0; i < n; i++) out[i] = buf.readInt32LE(offset + 4 * i);
  } else {
    for (let i = 0; i < n; i++) out[i] = buf.readFloatLE(offset + 4 * i);
  }
  return out;
}

/**
 * Reads every weight of a TF.js weights manifest from the shard files next to model.json, concatenating each
 * group's shards and dequantizing tfjs-converter quantized entries (uint8/uint16 affine, float16).
 * Throws a TinyfitError naming the file for a missing or short shard or a manifest that does not add up.
 */
export function loadWeights(modelPath: string, manifest: ManifestGroup[]): Map<string, LoadedWeight> {
  const dir = path.dirname(modelPath);
  const where = path.basename(modelPath);
  const out = new Map<string, LoadedWeight>();
  manifest.forEach((group, gi) => {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new TinyfitError(`${modelPath}: weightsManifest group ${gi + 1} must have 'paths' and 'weights' arrays`);
    }
    const parts: Buffer[] = [];
    for (const p of group.paths) {
      const file = path.resolve(dir, decodeURIComponent(String(p)));
      if (!fs.existsSync(file)) {
        throw new TinyfitError(`${modelPath}: weight shard '${p}' (group ${gi + 1}) is missing; expected at ${file}`);
      }
      parts.push(fs.readFileSync(file));
    }
    const buf = Buffer.concat(parts);
    let offset = 0;
    for (const e of group.weights) {
      if (!e || typeof e.name !== 'string' || !Array.isArray(e.shape)) {
        throw new TinyfitError(`${modelPath}: weightsManifest group ${gi + 1} has an entry without name/shape`);
      }
      const n = e.shape.reduce((a, b) => a * b, 1);
      const bytes = n * bytesPerElement(e, where);
      if (offset + bytes > buf.length) {
        throw new TinyfitError(
          `${modelPath}: weight shards ${group.paths.join(', ')} hold ${buf.length} bytes but the manifest needs ` +
            `more (weight '${e.name}' ends at byte ${offset + bytes}); the shard is truncated or the manifest is wrong`,
        );
      }
      const data = decode(e, buf, offset, n);
      const bad = data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        // Name the shard holding the bad element (a weight may straddle shards).
        const at = offset + bad * (bytes / n);
        let shard = 0;
        let end = parts[0].length;
        while (at >= end && shard < parts.length - 1) end += parts[++shard].length;
        throw new TinyfitError(
          `${modelPath}: weight '${e.name}' has a non-finite value (${data[bad]}) at element ${bad} ` +
            `(in ${group.paths[shard]}); the model diverged in training or the shard is corrupt`,
        );
      }
      out.set(e.name, { name: e.name, shape: [...e.shape], data });
      offset += bytes;
    }
    if (offset !== buf.length) {
      throw new TinyfitError(
        `${modelPath}: weight shards ${group.paths.join(', ')} hold ${buf.length} bytes but the manifest describes ${offset}; ` +
          `a shard has ${buf.length - offset} extra bytes or the manifest is wrong`,
      );
    }
  });
  return out;
}
