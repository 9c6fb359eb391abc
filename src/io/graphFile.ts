/**
 * The tinyfit model folder: an IR graph saved as `tinyfit.json` (structure) + `tinyfit.bin` (every typed array,
 * 8-byte aligned). It is what `tinyfit compress` writes, because a compressed int8 graph (pruned, clustered,
 * Huffman-coded weights with their quantization) has no faithful TF.js or TFLite form; `inspect`, `plan` and
 * `generate` read it back through importModel. The JSON is generic over the IR: typed arrays become
 * `{"$typed": name, "offset", "length"}` references into the binary, Maps `{"$map": [[k, v], ...]}`, and the
 * non-finite numbers JSON lacks (a ReLU's +Infinity clamp) `{"$num": "Infinity"}`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { validateGraph } from '../ir/graph';
import { decodeStorage, isCompressedInt8 } from '../ir/storage';
import { Graph } from '../ir/types';
import { writeFileAtomic } from './atomicWrite';

/** File names inside a tinyfit model folder. */
export const GRAPH_JSON = 'tinyfit.json';
export const GRAPH_BIN = 'tinyfit.bin';
const FORMAT = 'tinyfit-graph';
const VERSION = 1;

type Typed = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
const TYPED: Record<string, { new (b: ArrayBuffer, o: number, n: number): Typed; BYTES_PER_ELEMENT: number }> = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};

function encodeValue(v: unknown, chunks: Uint8Array[], size: { n: number }): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name;
    if (!(name in TYPED)) throw new Error(`internal: cannot save a ${name}`);
    const offset = Math.ceil(size.n / 8) * 8;
    if (offset > size.n) chunks.push(new Uint8Array(offset - size.n));
    chunks.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    size.n = offset + v.byteLength;
    return { $typed: name, offset, length: (v as Typed).length };
  }
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encodeValue(k, chunks, size), encodeValue(x, chunks, size)]) };
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, chunks, size));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x, chunks, size);
  return out;
}

function decodeValue(v: unknown, bin: Buffer, where: string): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, bin, where));
  const o = v as Record<string, unknown>;
  if (typeof o.$num === 'string') return Number(o.$num);
  if (typeof o.$typed === 'string') {
    const T = TYPED[o.$typed];
    const offset = o.offset as number;
    const length = o.length as number;
    if (!T || !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset % T.BYTES_PER_ELEMENT) {
      throw new TinyfitError(`${where}: bad array reference ${JSON.stringify(o)}; the folder is corrupt: write it again with \`tinyfit compress\``);
    }
    if (offset + length * T.BYTES_PER_ELEMENT > bin.length) {
      throw new TinyfitError(`${where}: ${GRAPH_BIN} is ${bin.length} B but an array ends at byte ${offset + length * T.BYTES_PER_ELEMENT} (truncated?): write it again with \`tinyfit compress\``);
    }
    const copy = new ArrayBuffer(length * T.BYTES_PER_ELEMENT);
    new Uint8Array(copy).set(bin.subarray(offset, offset + copy.byteLength));
    return new T(copy, 0, length);
  }
  if (Array.isArray(o.$map)) return new Map((o.$map as unknown[][]).map(([k, x]) => [decodeValue(k, bin, where), decodeValue(x, bin, where)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x, bin, where);
  return out;
}

/**
 * Saves a graph as a tinyfit model folder (created if missing; both files written atomically, binary first).
 * @param dir the folder
 * @param g the graph (any IR graph: float, int8, with compressed storages)
 * @param meta extra JSON saved beside the graph (e.g. the compression report)
 */
export function saveGraph(dir: string, g: Graph, meta?: unknown): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new TinyfitError(`cannot create ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const chunks: Uint8Array[] = [];
  const size = { n: 0 };
  // a compressed weight is saved as its storage alone (the int8 values are decoded on load): the folder is as
  // small as the firmware's weights
  const tensors = new Map([...g.tensors].map(([id, t]) => [id, isCompressedInt8(t.storage) ? { ...t, data: undefined } : t]));
  const graph = encodeValue({ ...g, tensors }, chunks, size);
  writeFileAtomic(path.join(dir, GRAPH_BIN), Buffer.concat(chunks));
  writeFileAtomic(path.join(dir, GRAPH_JSON), JSON.stringify({ format: FORMAT, version: VERSION, graph, meta }, null, 1) + '\n');
}

/** True when `p` is a tinyfit model folder or its tinyfit.json. */
export function isGraphFolder(p: string): boolean {
  if (path.basename(p) === GRAPH_JSON) return true;
  return fs.existsSync(path.join(p, GRAPH_JSON));
}

/**
 * Loads a tinyfit model folder written by {@link saveGraph}: checks its structure, decodes every compressed
 * weight back to its int8 values (refusing storage that does not decode), and checks the graph's shapes.
 * @param p the folder or its tinyfit.json
 * @throws TinyfitError naming the file and the fault when it is missing, truncated or inconsistent
 */
export function loadGraph(p: string): { graph: Graph; meta?: unknown } {
  const dir = path.basename(p) === GRAPH_JSON ? path.dirname(p) : p;
  const jsonFile = path.join(dir, GRAPH_JSON);
  const binFile = path.join(dir, GRAPH_BIN);
  if (!fs.existsSync(binFile)) throw new TinyfitError(`${dir}: ${GRAPH_BIN} is missing beside ${GRAPH_JSON}: copy the whole folder, or write it again with \`tinyfit compress\``);
  let doc: { format?: string; version?: number; graph?: unknown; meta?: unknown };
  try {
    doc = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch (e) {
    throw new TinyfitError(`${jsonFile}: not valid JSON (${(e as Error).message}): write it again with \`tinyfit compress\``);
  }
  if (doc.format !== FORMAT) throw new TinyfitError(`${jsonFile}: not a tinyfit model (format '${doc.format}', expected '${FORMAT}')`);
  if (doc.version !== VERSION) throw new TinyfitError(`${jsonFile}: format version ${doc.version}, this tinyfit reads version ${VERSION}: use the tinyfit that wrote it, or compress again`);
  const g = decodeValue(doc.graph, fs.readFileSync(binFile), jsonFile) as Graph;
  if (!(g?.tensors instanceof Map) || !Array.isArray(g.ops) || !Array.isArray(g.inputs) || !Array.isArray(g.outputs)) {
    throw new TinyfitError(`${jsonFile}: the graph lacks tensors, ops, inputs or outputs: the file is corrupt, write it again with \`tinyfit compress\``);
  }
  for (const t of g.tensors.values()) {
    if (!isCompressedInt8(t.storage)) continue;
    try {
      t.data = decodeStorage(t.storage, t.shape);
    } catch (e) {
      throw new TinyfitError(`${jsonFile}: the compressed storage of weight '${t.name}' is corrupt (${(e as Error).message}): write the folder again with \`tinyfit compress\``);
    }
  }
  try {
    validateGraph(g);
  } catch (e) {
    if (e instanceof TinyfitError) throw new TinyfitError(`${jsonFile}: ${e.message}`);
    throw new TinyfitError(`${jsonFile}: inconsistent graph (${(e as Error).message}): write it again with \`tinyfit compress\``);
  }
  return { graph: g, meta: doc.meta };
}
