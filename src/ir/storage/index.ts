/**
 * Compressed int8 weight storage: encoders (one file per format), the decoder the int8 reference runs, the flash
 * bytes of each format as weights.c stores it, and {@link compressWeights}, which attaches a storage to the
 * weights of an int8 graph's dense and conv2d ops.
 *
 * Rows: every format works on the weight tensor viewed as a matrix [OUT, IN] with OUT = axis 0 ({@link rowView}):
 * a dense weight [OUT, IN] as it is, a conv2d weight [O, KH, KW, I] as [O, KH·KW·I] in its own element order
 * (kh, kw, ci) — one row per output channel.
 */
import { numel } from '../shapes';
import { CompressedInt8Storage, Graph, Tensor } from '../types';
import { decodeClustered, encodeClustered } from './clustered';
import { huffmanBytes, huffmanDecode, huffmanEncode } from './huffman';
import { decodeInt4, encodeInt4 } from './int4';
import { decodeSparse, encodeSparse } from './sparse';

export { packBits, unpackBits } from './bits';
export { encodeSparse, decodeSparse } from './sparse';
export { encodeClustered, decodeClustered } from './clustered';
export { encodeInt4, decodeInt4 } from './int4';
export { codeLengths, canonicalCodes, huffmanEncode, huffmanDecode, huffmanBytes, HUFFMAN_MAX_BITS } from './huffman';

/** True when the storage is one of the compressed int8 formats. */
export function isCompressedInt8(st: Tensor['storage']): st is CompressedInt8Storage {
  return st?.kind === 'sparse' || st?.kind === 'clustered' || st?.kind === 'int4';
}

/**
 * The matrix [OUT, IN] the formats store a weight tensor as: OUT = axis 0 (dense outputs, conv2d output channels),
 * IN = the product of the other axes in their own order.
 * @param shape the tensor's shape (at least one axis)
 */
export function rowView(shape: readonly number[]): [number, number] {
  const out = shape[0] ?? 1;
  return [out, out > 0 ? numel(shape) / out : 0];
}

/**
 * The int8 weights a compressed storage decodes to (through its Huffman stream when it has one).
 * @param st the storage
 * @param shape the tensor's shape (any rank: the formats' rows are {@link rowView}'s)
 */
export function decodeStorage(st: CompressedInt8Storage, shape: readonly number[]): Int8Array {
  if (st.kind === 'sparse') return decodeSparse(st.huffmanGaps ? { ...st, gaps: huffmanDecode(st.huffmanGaps) } : st, rowView(shape));
  if (st.kind === 'clustered') return decodeClustered(st.huffmanIndices ? { ...st, indices: huffmanDecode(st.huffmanIndices) } : st, numel(shape));
  return decodeInt4(st, numel(shape));
}

/**
 * Flash bytes of a compressed storage as weights.c holds it: sparse values + gaps (or their Huffman stream and
 * tables) + uint16 row counts; clustered indices (or Huffman) + codebook; int4 packed bytes.
 */
export function compressedBytes(st: CompressedInt8Storage): number {
  if (st.kind === 'sparse') return st.values.length + (st.huffmanGaps ? huffmanBytes(st.huffmanGaps) : st.gaps.length) + 2 * st.rowCounts.length;
  if (st.kind === 'clustered') return (st.huffmanIndices ? huffmanBytes(st.huffmanIndices) : st.indices.length) + st.codebook.length;
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
  | { kind: 'sparse'; gapBits?: 4 | 8; huffman?: boolean }
  | { kind: 'clustered'; bits?: number; huffman?: boolean }
  | { kind: 'int4' };

/**
 * Encodes one int8 weight tensor in the chosen format.
 * @param w the weights
 * @param shape the tensor's shape (any rank: rows are {@link rowView}'s)
 * @param choice the format
 * @throws Error when the weights do not fit the format (int4 range, codebook size, IN > 65535)
 */
export function encodeStorage(w: Int8Array, shape: readonly number[], choice: StorageChoice): CompressedInt8Storage {
  if (choice.kind === 'sparse') {
    const s = encodeSparse(w, rowView(shape), choice.gapBits ?? 4);
    return choice.huffman ? { ...s, huffmanGaps: huffmanEncode(s.gaps) } : s;
  }
  if (choice.kind === 'clustered') {
    const s = encodeClustered(w, choice.bits);
    return choice.huffman ? { ...s, huffmanIndices: huffmanEncode(s.indices) } : s;
  }
  return encodeInt4(w);
}

/** Op kinds whose weights {@link compressWeights} may store compressed (their int8 kernels have compressed variants). */
export const COMPRESSIBLE_OPS: ReadonlySet<string> = new Set(['dense', 'conv2d']);

/**
 * A copy of an int8 graph whose dense and conv2d weights carry a compressed storage: `choose` returns the format
 * per weight tensor (undefined keeps it dense). The data stays the int8 weights, so every consumer still works.
 * Depthwise convolutions keep their weights (no compressed depthwise kernel).
 * @param g an int8 graph (quantized)
 * @param choose format for the weight of a dense or conv2d op, by the op's name
 */
export function compressWeights(g: Graph, choose: (opName: string, w: Tensor) => StorageChoice | undefined): Graph {
  const tensors = new Map(g.tensors);
  for (const op of g.ops) {
    if (!COMPRESSIBLE_OPS.has(op.kind)) continue;
    const w = tensors.get(op.inputs[1])!;
    if (w.dtype !== 'int8' || !w.data) continue;
    const choice = choose(op.name, w);
    if (choice) tensors.set(w.id, { ...w, storage: encodeStorage(w.data as Int8Array, w.shape, choice) });
  }
  return { ...g, tensors };
}
