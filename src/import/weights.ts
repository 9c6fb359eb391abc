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
  if (q !== undefined) {
    if (q === 'uint8') return 1;
    if (q === 'uint16' || q === 'float16') return 2;
    throw new TinyfitError(`${where}: weight '${e.name}' uses unsupported quantization dtype ${JSON.stringify(q)} (supported: uint8, uint16, float16)`);
  }
  if (e.dtype === 'float32' || e.dtype === 'int32') return 4;
  throw new TinyfitError(`${where}: weight '${e.name}' has unsupported dtype ${JSON.stringify(e.dtype)} (supported: float32, int32)`);
}

/**
 * Checks one manifest entry's fields (types and shape) and returns its element count: a corrupt or hand-edited
 * manifest must end in a one-line error, not in a negative array length or a string in the arithmetic.
 */
function checkEntry(e: ManifestEntry, where: string, gi: number): number {
  if (!e || typeof e !== 'object' || typeof e.name !== 'string' || !Array.isArray(e.shape)) {
    throw new TinyfitError(`${where}: weightsManifest group ${gi + 1} has an entry without name/shape`);
  }
  const bad = e.shape.find((d) => !(typeof d === 'number' && Number.isSafeInteger(d) && d >= 0));
  if (bad !== undefined) {
    throw new TinyfitError(
      `${where}: weight '${e.name}' has shape [${e.shape.map((d) => (typeof d === 'number' ? String(d) : JSON.stringify(d)))}]; ` +
        'dimensions must be non-negative integers (the manifest is corrupt)',
    );
  }
  const q = e.quantization as unknown;
  if (q !== undefined && q !== null) {
    if (typeof q !== 'object' || Array.isArray(q)) {
      throw new TinyfitError(`${where}: weight '${e.name}' has quantization ${JSON.stringify(q)}; expected an object {dtype, scale, min}`);
    }
    const { dtype, scale, min } = q as Record<string, unknown>;
    if (dtype === 'uint8' || dtype === 'uint16') {
      for (const [k, v] of [['scale', scale], ['min', min]] as const) {
        if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) {
          throw new TinyfitError(`${where}: weight '${e.name}' has quantization ${k} ${JSON.stringify(v)}; expected a finite number`);
        }
      }
    }
  } else if (q === null) {
    delete e.quantization;
  }
  const n = e.shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(n)) throw new TinyfitError(`${where}: weight '${e.name}' has shape [${e.shape}], too many elements`);
  return n;
}

/** Reads one shard file named by a manifest path (relative to model.json, URL-encoded as TF.js writes it). */
function readShard(modelPath: string, dir: string, p: unknown, gi: number): Buffer {
  if (typeof p !== 'string' || p === '') {
    throw new TinyfitError(`${modelPath}: weightsManifest group ${gi + 1} has shard path ${JSON.stringify(p)}; expected a file name`);
  }
  let rel: string;
  try {
    rel = decodeURIComponent(p);
  } catch {
    throw new TinyfitError(`${modelPath}: weight shard path '${p}' (group ${gi + 1}) is not valid URL encoding`);
  }
  const file = path.resolve(dir, rel);
  if (!fs.existsSync(file)) {
    throw new TinyfitError(`${modelPath}: weight shard '${p}' (group ${gi + 1}) is missing; expected at ${file}`);
  }
  if (!fs.statSync(file).isFile()) {
    throw new TinyfitError(`${modelPath}: weight shard '${p}' (group ${gi + 1}) is not a file (${file}); the manifest paths must name the .bin shards`);
  }
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new TinyfitError(`${modelPath}: cannot read weight shard '${p}' (group ${gi + 1}): ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
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

function shardList(paths: string[]): string {
  return paths.length === 0 ? '(none: the group lists no paths)' : paths.join(', ');
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
    const parts: Buffer[] = group.paths.map((p) => readShard(modelPath, dir, p, gi));
    const buf = Buffer.concat(parts);
    let offset = 0;
    for (const e of group.weights) {
      const n = checkEntry(e, modelPath, gi);
      const bytes = n * bytesPerElement(e, where);
      if (offset + bytes > buf.length) {
        throw new TinyfitError(
          `${modelPath}: weight shards ${shardList(group.paths)} hold ${buf.length} bytes but the manifest needs ` +
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
      if (out.has(e.name)) throw new TinyfitError(`${modelPath}: weightsManifest lists weight '${e.name}' twice; weight names must be unique`);
      out.set(e.name, { name: e.name, shape: [...e.shape], data });
      offset += bytes;
    }
    if (offset !== buf.length) {
      throw new TinyfitError(
        `${modelPath}: weight shards ${shardList(group.paths)} hold ${buf.length} bytes but the manifest describes ${offset}; ` +
          `a shard has ${buf.length - offset} extra bytes or the manifest is wrong`,
      );
    }
  });
  return out;
}
