/**
 * Compressed int8 weight storage: encoders (one file per format), the decoder the int8 reference runs, the flash
 * bytes of each format as weights.c stores it, and {@link compressWeights}, which attaches a storage to the
 * weights of an int8 graph's dense ops.
 */
import { numel } from '../shapes';
import { CompressedInt8Storage, Graph, Tensor } from '../types';
import { decodeClustered, encodeClustered } from './clustered';
import { huffmanBytes, huffmanDecode, huffmanEncode } from './huffman';
import { decodeInt4, encodeInt4 } from './int4';
import { decodeSparse, encodeSparse } from './sparse';
import { SparseClusteredOptions, decodeSparseClustered, encodeSparseClustered } from './sparseClustered';

export { packBits, unpackBits } from './bits';
export { encodeSparse, decodeSparse } from './sparse';
export { encodeClustered, decodeClustered } from './clustered';
export { encodeInt4, decodeInt4 } from './int4';
export { encodeSparseClustered, decodeSparseClustered, sparseClusteredEntries } from './sparseClustered';
export type { SparseClusteredOptions } from './sparseClustered';
export { codeLengths, canonicalCodes, huffmanEncode, huffmanDecode, huffmanBytes, HUFFMAN_MAX_BITS } from './huffman';

/** True when the storage is one of the compressed int8 formats. */
export function isCompressedInt8(st: Tensor['storage']): st is CompressedInt8Storage {
  return st?.kind === 'sparse' || st?.kind === 'clustered' || st?.kind === 'int4' || st?.kind === 'sparseClustered';
}

/**
 * The int8 weights a compressed storage decodes to (through its Huffman stream when it has one).
 * @param st the storage
 * @param shape the tensor's shape (`[OUT, IN]` for sparse)
 */
export function decodeStorage(st: CompressedInt8Storage, shape: readonly number[]): Int8Array {
  if (st.kind === 'sparse') return decodeSparse(st.huffmanGaps ? { ...st, gaps: huffmanDecode(st.huffmanGaps) } : st, shape);
  if (st.kind === 'clustered') return decodeClustered(st.huffmanIndices ? { ...st, indices: huffmanDecode(st.huffmanIndices) } : st, numel(shape));
  if (st.kind === 'sparseClustered') return decodeSparseClustered(st, shape);
  return decodeInt4(st, numel(shape));
}

/**
 * Flash bytes of a compressed storage as weights.c holds it: sparse values + gaps (or their Huffman stream and
 * tables) + uint16 row counts; clustered indices (or Huffman) + codebook; int4 packed bytes.
 */
export function compressedBytes(st: CompressedInt8Storage): number {
  if (st.kind === 'sparse') return st.values.length + (st.huffmanGaps ? huffmanBytes(st.huffmanGaps) : st.gaps.length) + 2 * st.rowCounts.length;
  if (st.kind === 'clustered') return (st.huffmanIndices ? huffmanBytes(st.huffmanIndices) : st.indices.length) + st.codebook.length;
  if (st.kind === 'sparseClustered') return st.indices.length + st.gaps.length + st.codebook.length + 2 * st.rowCounts.length;
  return st.packed.length;
}

/** RAM bytes a Huffman-coded storage needs for its decoded array (0 without Huffman). */
export function huffmanRamBytes(st: CompressedInt8Storage): number {
  if (st.kind === 'sparse') return st.huffmanGaps ? st.gaps.length : 0;
  if (st.kind === 'clustered') return st.huffmanIndices ? st.indices.length : 0;
  return 0;
}

/** How {@link compressWeights} stores the weights. */
export type StorageChoice =
  | { kind: 'sparse'; gapBits?: number; huffman?: boolean }
  | ({ kind: 'sparseClustered' } & SparseClusteredOptions)
  | { kind: 'clustered'; bits?: number; huffman?: boolean }
  | { kind: 'int4' };

/**
 * Encodes one int8 weight tensor in the chosen format.
 * @throws Error when the weights do not fit the format (int4 range, codebook size, IN > 65535)
 */
export function encodeStorage(w: Int8Array, shape: readonly number[], choice: StorageChoice): CompressedInt8Storage {
  if (choice.kind === 'sparse') {
    const s = encodeSparse(w, shape, choice.gapBits ?? 4);
    return choice.huffman ? { ...s, huffmanGaps: huffmanEncode(s.gaps) } : s;
  }
  if (choice.kind === 'clustered') {
    const s = encodeClustered(w, choice.bits);
    return choice.huffman ? { ...s, huffmanIndices: huffmanEncode(s.indices) } : s;
  }
  if (choice.kind === 'sparseClustered') return encodeSparseClustered(w, shape, choice);
  return encodeInt4(w);
}

/**
 * A copy of an int8 graph whose dense weights carry a compressed storage: `choose` returns the format per
 * weight tensor (undefined keeps it dense). The data stays the int8 weights, so every consumer still works.
 * @param g an int8 graph (quantized)
 * @param choose format for the weight of a dense op, by the op's name
 */
export function compressWeights(g: Graph, choose: (opName: string, w: Tensor) => StorageChoice | undefined): Graph {
  const tensors = new Map(g.tensors);
  for (const op of g.ops) {
    if (op.kind !== 'dense') continue;
    const w = tensors.get(op.inputs[1])!;
    if (w.dtype !== 'int8' || !w.data) continue;
    const choice = choose(op.name, w);
    if (choice) tensors.set(w.id, { ...w, storage: encodeStorage(w.data as Int8Array, w.shape, choice) });
  }
  return { ...g, tensors };
}
