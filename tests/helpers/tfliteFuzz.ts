/**
 * Mutation fuzzing of readTflite: corrupt seed files (byte flips, extreme int32/uint16 overwrites, truncation,
 * chunk duplication/deletion, appended garbage) and require that every read either returns a model or throws
 * a one-line TinyfitError, quickly. Mutation `i` of run `seed` depends only on (seed, i), so a failure is
 * reproduced with `mutateTflite(seeds, seed, i)`.
 */
import { performance } from 'perf_hooks';
import { TinyfitError } from '../../src/errors';
import type { TfliteModel } from '../../src/import/tflite/model';
import { readTflite } from '../../src/import/tflite/reader';
import { writeTflite } from '../../src/import/tflite/writer';
import { mulberry32 } from './rng';

/** Outcome of a fuzz run. */
export interface FuzzResult {
  /** Mutated files read. */
  files: number;
  /** Reads that returned a model. */
  parsed: number;
  /** Reads that threw a one-line TinyfitError. */
  rejected: number;
  /** One line per failing file (first 50), each naming the run seed and mutation index. */
  failures: string[];
  /** Wall time of the run. */
  ms: number;
  /** Slowest single read. */
  slowestMs: number;
}

/** A mutated file and how it was made. */
export interface Mutation {
  bytes: Uint8Array;
  seedIndex: number;
  desc: string;
}

const INT32_VALUES = [0, -1, 0x7fffffff, -0x80000000, 1, 2, 3, 4, 8, 12, 16, 64, 255, 256, 65535, -4, -8];
const UINT16_VALUES = [0, 0xffff, 1, 2, 3, 4, 6, 8, 0x7fff, 0x8000];

/** Per seed: positions outside large buffer data (where the flatbuffer structure lives), cached. */
const structureCache = new WeakMap<Uint8Array, Int32Array>();

/** Positions of `seed` that do not belong to constant data of 64+ bytes (mutations there hit tables). */
function structurePositions(seed: Uint8Array): Int32Array {
  const hit = structureCache.get(seed);
  if (hit) return hit;
  const isData = new Uint8Array(seed.length);
  let model: TfliteModel | undefined;
  try {
    model = readTflite(seed);
  } catch {
    model = undefined;
  }
  const file = Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength);
  for (const b of model?.buffers ?? []) {
    if (b.length < 64) continue;
    const at = file.indexOf(b);
    if (at >= 0) isData.fill(1, at, at + b.length);
  }
  const pos: number[] = [];
  for (let p = 0; p < seed.length; p++) if (!isData[p]) pos.push(p);
  const out = Int32Array.from(pos.length > 0 ? pos : [0]);
  structureCache.set(seed, out);
  return out;
}

/**
 * Mutation `index` of run `seed`: picks a seed file (by `weights`, default uniform) and applies one to three
 * mutations. Positions favour the flatbuffer structure over constant data.
 */
export function mutateTflite(seeds: Uint8Array[], seed: number, index: number, weights?: number[]): Mutation {
  const rng = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const int = (n: number): number => Math.floor(rng() * n);
  const w = weights ?? seeds.map(() => 1);
  let pick = rng() * w.reduce((a, b) => a + b, 0);
  let seedIndex = 0;
  while (seedIndex < seeds.length - 1 && pick >= w[seedIndex]) pick -= w[seedIndex++];
  const structure = structurePositions(seeds[seedIndex]);
  let bytes = seeds[seedIndex];
  const descs: string[] = [];
  const position = (): number => (rng() < 0.85 ? structure[int(structure.length)] : int(Math.max(1, bytes.length)));
  const rounds = 1 + (rng() < 0.3 ? 1 + int(2) : 0);
  for (let r = 0; r < rounds; r++) {
    const kind = int(8);
    const len = bytes.length;
    if (kind <= 1) {
      const n = 1 + int(8);
      bytes = new Uint8Array(bytes);
      for (let k = 0; k < n && len > 0; k++) {
        const p = position() % len;
        bytes[p] ^= kind === 0 ? 1 << int(8) : 1 + int(255);
      }
      descs.push(`${kind === 0 ? 'bit' : 'byte'} flips x${n}`);
    } else if (kind === 2 || kind === 3) {
      const p = (position() & ~(rng() < 0.7 ? 3 : 0)) % Math.max(1, len - 3);
      const special = [len, len - 4, len + 4, p, -p, int(1 << 16)];
      const v = rng() < 0.7 ? INT32_VALUES[int(INT32_VALUES.length)] : special[int(special.length)];
      bytes = new Uint8Array(bytes);
      if (len >= 4) new DataView(bytes.buffer).setInt32(p, v | 0, true);
      descs.push(`int32 ${v | 0} at ${p}`);
    } else if (kind === 4) {
      const p = (position() & ~1) % Math.max(1, len - 1);
      const v = UINT16_VALUES[int(UINT16_VALUES.length)];
      bytes = new Uint8Array(bytes);
      if (len >= 2) new DataView(bytes.buffer).setUint16(p, v, true);
      descs.push(`uint16 ${v} at ${p}`);
    } else if (kind === 5) {
      const n = rng() < 0.5 ? int(len + 1) : Math.min(len, position());
      bytes = new Uint8Array(bytes.subarray(0, n));
      descs.push(`truncate to ${n}`);
    } else if (kind === 6) {
      const a = position() % Math.max(1, len);
      const n = 1 + int(256);
      const dup = rng() < 0.5;
      if (dup) {
        const b = int(len + 1);
        const chunk = bytes.subarray(a, a + n);
        bytes = concat(bytes.subarray(0, b), chunk, bytes.subarray(b));
      } else {
        bytes = concat(bytes.subarray(0, a), bytes.subarray(a + n));
      }
      descs.push(`${dup ? 'duplicate' : 'delete'} ${n} bytes at ${a}`);
    } else {
      const n = 1 + int(256);
      const junk = new Uint8Array(n).map(() => int(256));
      bytes = concat(bytes, junk);
      descs.push(`append ${n} bytes`);
    }
  }
  return { bytes, seedIndex, desc: descs.join(', ') };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads `count` mutated files made from `seeds` (run `seed`). A file fails when readTflite throws anything but
 * a TinyfitError whose message is one line starting with the `where` argument, or takes longer than
 * `budgetMs`. Every `roundTripEvery`-th parsed model must also survive writeTflite → readTflite → writeTflite
 * with identical bytes.
 */
export function fuzzTflite(
  seeds: Uint8Array[],
  count: number,
  seed: number,
  opts: { weights?: number[]; budgetMs?: number; roundTripEvery?: number } = {},
): FuzzResult {
  const budgetMs = opts.budgetMs ?? 500;
  const roundTripEvery = opts.roundTripEvery ?? 25;
  const res: FuzzResult = { files: 0, parsed: 0, rejected: 0, failures: [], ms: 0, slowestMs: 0 };
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const m = mutateTflite(seeds, seed, i, opts.weights);
    const where = `fuzz-${i}.tflite`;
    const fail = (why: string): void => {
      if (res.failures.length < 50) res.failures.push(`seed ${seed} mutation ${i} (seed file ${m.seedIndex}, ${m.desc}): ${why}`);
    };
    const start = performance.now();
    let model: TfliteModel | undefined;
    try {
      model = readTflite(m.bytes, where);
    } catch (e) {
      if (!(e instanceof TinyfitError)) fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      else if (/[\r\n\u2028\u2029]/.test(e.message)) fail(`multi-line message: ${JSON.stringify(e.message)}`);
      else if (!e.message.startsWith(`${where}: `)) fail(`message does not start with the file name: ${e.message}`);
      else res.rejected++;
    }
    const ms = performance.now() - start;
    res.slowestMs = Math.max(res.slowestMs, ms);
    if (ms > budgetMs) fail(`read took ${ms.toFixed(0)} ms`);
    res.files++;
    if (!model) continue;
    res.parsed++;
    if (res.parsed % roundTripEvery !== 0) continue;
    try {
      const once = writeTflite(model);
      const twice = writeTflite(readTflite(once, where));
      if (Buffer.compare(once, twice) !== 0) fail('writeTflite/readTflite round trip changed the model');
    } catch (e) {
      fail(`round trip threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  res.ms = performance.now() - t0;
  return res;
}
