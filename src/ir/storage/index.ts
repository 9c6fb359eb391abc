/**
 * Compressed int8 weight storage: encoders (one file per format), the decoder the int8 reference runs, the flash
 * bytes of each format as weights.c stores it, and {@link compressWeights}, which attaches a storage to the
 * weights of an int8 graph's dense and conv2d ops.
 *
 * Rows: every format works on the weight tensor viewed as a matrix [OUT, IN] with OUT = axis 0:
 * a dense weight [OUT, IN] as it is, a conv2d weight [O, KH, KW, I] as [O, KH·KW·I] in its own element order
 * (kh, kw, ci) — one row per output channel.
 */
import { numel } from '../shapes';
import { dtypeBytes } from '../graph';
import { CompressedInt8Storage, Graph, HuffmanMode, HuffmanStream, SparseClusteredStorage, Tensor } from '../types';
import { packBits, unpackBits } from './bits';
import { decodeClustered, encodeClustered } from './clustered';
import { huffmanBytes, huffmanDecode, huffmanEncode } from './huffman';
import { decodeInt4, encodeInt4 } from './int4';
import { decodeSparse, encodeSparse } from './sparse';
import { SparseClusteredOptions, decodeSparseClustered, encodeSparseClustered, sparseClusteredEntries } from './sparseClustered';

export { packBits, unpackBits } from './bits';
export { encodeSparse, decodeSparse } from './sparse';
export { encodeClustered, decodeClustered } from './clustered';
export { encodeInt4, decodeInt4 } from './int4';
export { encodeSparseClustered, decodeSparseClustered, sparseClusteredEntries } from './sparseClustered';
export type { SparseClusteredOptions } from './sparseClustered';
export { storageReport } from './report';
export type { StorageReport, TensorStorageRow } from './report';
export { codeLengths, canonicalCodes, huffmanEncode, huffmanDecode, huffmanBytes, huffmanBitsPerSymbol, HUFFMAN_MAX_BITS } from './huffman';

/** True when the storage is one of the compressed int8 formats. */
export function isCompressedInt8(st: Tensor['storage']): st is CompressedInt8Storage {
  return st?.kind === 'sparse' || st?.kind === 'clustered' || st?.kind === 'int4' || st?.kind === 'sparseClustered';
}

/** The packed array a storage stream holds: `plain` itself, or its Huffman stream decoded and packed `width` bits each. */
function packedStream(plain: Uint8Array, width: number, h: HuffmanStream | undefined): Uint8Array {
  return h ? packBits(huffmanDecode(h), width) : plain;
}

/**
 * The int8 weights a compressed storage decodes to (through its Huffman streams when it has them).
 * @param st the storage
 * @param shape the tensor's shape (rows = axis 0 for the sparse formats)
 */
export function decodeStorage(st: CompressedInt8Storage, shape: readonly number[]): Int8Array {
  if (st.kind === 'sparse') return decodeSparse({ ...st, gaps: packedStream(st.gaps, st.gapBits, st.huffmanGaps) }, shape);
  if (st.kind === 'clustered') return decodeClustered({ ...st, indices: packedStream(st.indices, st.bits, st.huffmanIndices) }, numel(shape));
  if (st.kind === 'sparseClustered') {
    const indices = packedStream(st.indices, st.indexBits, st.huffmanIndices);
    return decodeSparseClustered({ ...st, indices, gaps: packedStream(st.gaps, st.gapBits, st.huffmanGaps) }, shape);
  }
  return decodeInt4(st, numel(shape));
}

/** Flash bytes of a stream: its packed array, or its Huffman bits and tables. */
const streamBytes = (plain: Uint8Array, h: HuffmanStream | undefined): number => (h ? huffmanBytes(h) : plain.length);

/**
 * Flash bytes of a compressed storage as weights.c holds it: sparse values + gaps (or their Huffman stream and
 * tables) + uint16 row counts; clustered indices (or Huffman) + codebook; sparse-clustered indices + gaps (each
 * plain or Huffman) + codebook + row counts; int4 packed bytes.
 */
export function compressedBytes(st: CompressedInt8Storage): number {
  if (st.kind === 'sparse') return st.values.length + streamBytes(st.gaps, st.huffmanGaps) + 2 * st.rowCounts.length;
  if (st.kind === 'clustered') return streamBytes(st.indices, st.huffmanIndices) + st.codebook.length;
  if (st.kind === 'sparseClustered') {
    return streamBytes(st.indices, st.huffmanIndices) + streamBytes(st.gaps, st.huffmanGaps) + st.codebook.length + 2 * st.rowCounts.length;
  }
  return st.packed.length;
}

/**
 * Flash bytes of one constant tensor as weights.c stores it: its compressed format, IEEE half, int8 plus float
 * channel scales, an int16 bias, or its dtype's plain array.
 */
export function tensorFlashBytes(t: Tensor): number {
  const n = t.data!.length;
  const st = t.storage;
  if (isCompressedInt8(st)) return compressedBytes(st);
  return st?.kind === 'float16' || st?.kind === 'int16' ? 2 * n : st?.kind === 'int8' ? n + 4 * st.scales.length : n * dtypeBytes(t.dtype);
}

/**
 * RAM bytes a Huffman-coded storage needs: the packed arrays its 'startup' streams decode into (0 without
 * Huffman, and 0 in 'stream' mode, where the kernel decodes entry by entry).
 */
export function huffmanRamBytes(st: CompressedInt8Storage): number {
  if (st.kind === 'int4' || st.huffmanMode === 'stream') return 0;
  if (st.kind === 'sparse') return st.huffmanGaps ? st.gaps.length : 0;
  if (st.kind === 'clustered') return st.huffmanIndices ? st.indices.length : 0;
  {
    return (st.huffmanIndices ? st.indices.length : 0) + (st.huffmanGaps ? st.gaps.length : 0);
  }
  return 0;
}

/**
 * Huffman coding of a storage's streams: `true` = 'startup' (decoded once into RAM before first use), 'stream'
 * (decoded by the kernel every inference, no RAM).
 */
export type HuffmanChoice = boolean | HuffmanMode;

/** How {@link compressWeights} stores the weights. */
export type StorageChoice =
  | { kind: 'sparse'; gapBits?: number; huffman?: HuffmanChoice }
  | { kind: 'clustered'; bits?: number; huffman?: HuffmanChoice }
  | ({ kind: 'sparseClustered'; huffman?: HuffmanChoice } & SparseClusteredOptions)
  | { kind: 'int4' };

/** The Huffman mode a choice asks for (undefined: none). */
function huffmanMode(h: HuffmanChoice | undefined): HuffmanMode | undefined {
  return h === true ? 'startup' : h || undefined;
}

/** Sparse-clustered storage with both streams Huffman-coded (each only when that takes fewer bytes than packed). */
function huffmanSparseClustered(s: SparseClusteredStorage, mode: HuffmanMode): SparseClusteredStorage {
  const n = sparseClusteredEntries(s);
  const hi = huffmanEncode(unpackBits(s.indices, s.indexBits, n));
  const hg = huffmanEncode(unpackBits(s.gaps, s.gapBits, n));
  return {
    ...s,
    ...(huffmanBytes(hi) < s.indices.length ? { huffmanIndices: hi } : {}),
    ...(huffmanBytes(hg) < s.gaps.length ? { huffmanGaps: hg } : {}),
    huffmanMode: mode,
  };
}

/**
 * Encodes one int8 weight tensor in the chosen format. With Huffman, the gap and index symbols (one per entry)
 * are coded; a sparse-clustered 'auto' gap width is then the one with the fewest coded bytes.
 * @throws Error when the weights do not fit the format (int4 range, codebook size, rows > 65535)
 */
export function encodeStorage(w: Int8Array, shape: readonly number[], choice: StorageChoice): CompressedInt8Storage {
  if (choice.kind === 'int4') return encodeInt4(w);
  const mode = huffmanMode(choice.huffman);
  if (choice.kind === 'sparse') {
    const s = encodeSparse(w, shape, choice.gapBits ?? 4);
    return mode ? { ...s, huffmanGaps: huffmanEncode(unpackBits(s.gaps, s.gapBits, s.values.length)), huffmanMode: mode } : s;
  }
  if (choice.kind === 'clustered') {
    const s = encodeClustered(w, choice.bits);
    return mode ? { ...s, huffmanIndices: huffmanEncode(unpackBits(s.indices, s.bits, w.length)), huffmanMode: mode } : s;
  }
  if (!mode) return encodeSparseClustered(w, shape, choice);
  if (choice.gapBits !== undefined && choice.gapBits !== 'auto') return huffmanSparseClustered(encodeSparseClustered(w, shape, choice), mode);
  let best: SparseClusteredStorage | undefined;
  let error: unknown;
  for (let gapBits = 1; gapBits <= 8; gapBits++) {
    try {
      const s = huffmanSparseClustered(encodeSparseClustered(w, shape, { ...choice, gapBits }), mode);
      if (!best || compressedBytes(s) < compressedBytes(best)) best = s;
    } catch (e) {
      error = e;
    }
  }
  if (!best) throw error;
  return best;
}

/** Options of {@link compressWeights}. */
export interface CompressOptions {
  /** Store the int32 bias of a compressed layer as int16 when every value fits (default true). */
  int16Bias?: boolean;
}

/** True when an int32 constant's values all fit int16. */
function fitsInt16(t: Tensor | undefined): t is Tensor {
  return !!t?.data && t.dtype === 'int32' && Array.prototype.every.call(t.data, (v: number) => v >= -32768 && v <= 32767);
}

/** Op kinds whose weights {@link compressWeights} may store compressed (their int8 kernels have compressed variants). */
export const COMPRESSIBLE_OPS: ReadonlySet<string> = new Set(['dense', 'conv2d']);

/**
 * A copy of an int8 graph whose dense and conv2d weights carry a compressed storage: `choose` returns the format
 * per weight tensor (undefined keeps it dense). The data stays the int8 weights, so every consumer still works.
 * Depthwise convolutions keep their weights (no compressed depthwise kernel). The bias of a compressed layer is
 * stored int16 when every value fits (unless `opts.int16Bias` is false).
 * @param g an int8 graph (quantized)
 * @param choose format for the weight of a dense or conv2d op, by the op's name
 * @param opts bias storage
 */
export function compressWeights(g: Graph, choose: (opName: string, w: Tensor) => StorageChoice | undefined, opts: CompressOptions = {}): Graph {
  const tensors = new Map(g.tensors);
  const uses = new Map<number, number>();
  for (const op of g.ops) for (const id of op.inputs) uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const op of g.ops) {
    if (!COMPRESSIBLE_OPS.has(op.kind)) continue;
    const w = tensors.get(op.inputs[1])!;
    if (w.dtype !== 'int8' || !w.data) continue;
    const choice = choose(op.name, w);
    if (!choice) continue;
    tensors.set(w.id, { ...w, storage: encodeStorage(w.data as Int8Array, w.shape, choice) });
    const b = op.inputs[2] !== undefined ? tensors.get(op.inputs[2]) : undefined;
    // a bias shared with another op keeps int32: that op's kernel reads int32
    if (opts.int16Bias !== false && fitsInt16(b) && uses.get(b.id) === 1) tensors.set(b.id, { ...b, storage: { kind: 'int16' } });
  }
  return { ...g, tensors };
}
