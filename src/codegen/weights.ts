/** The constant arrays of weights.c: one C array per constant an op reads, in the storage form its kernel decodes. */
import { tensor } from '../ir/graph';
import { CompressedInt8Storage, DType, Graph, HuffmanStream, Tensor } from '../ir/types';
import { isCompressedInt8 } from '../ir/storage';
import { toHalfArray } from '../arith/float16';
import { cComment, cFloatArray, cIdent, cIntArray } from './format';
import { storedBytes } from './size';

/** One array of weights.c. */
export interface WeightArray {
  symbol: string;
  /** The tensor's name. */
  tensor: string;
  comment: string;
  dimsList: string;
  size: number;
  ctype: string;
  values: string;
}

/** The weights of a graph as C arrays. */
export interface EmittedWeights {
  /** C symbol of every constant tensor id. */
  symbols: Map<number, string>;
  arrays: WeightArray[];
  /** Flash bytes of the arrays. */
  bytes: number;
}

const C_TYPE: Record<DType, string> = { float32: 'float', int8: 'int8_t', int32: 'int32_t' };

/** C initializer list of a constant tensor. */
function cArray(t: Tensor): string {
  return t.dtype === 'float32' ? cFloatArray(t.data as Float32Array) : cIntArray(t.data!);
}

/** The C arrays of one constant: its data in its storage form (plus int8 storage's channel scales). */
function storedArrays(t: Tensor, symbol: string): WeightArray[] {
  const dims = t.shape.join(', ');
  const n = t.data!.length;
  const st = t.storage;
  const comment = cComment(t.name);
  const tensor = t.name;
  if (st?.kind === 'float16') {
    return [{ symbol, tensor, comment: `${comment} (IEEE half bits)`, dimsList: dims, size: n, ctype: 'uint16_t', values: cIntArray(toHalfArray(t.data as Float32Array)) }];
  }
  if (st?.kind === 'int8') {
    return [
      { symbol, tensor, comment: `${comment} (int8, per-channel scales in _scale)`, dimsList: dims, size: n, ctype: 'int8_t', values: cIntArray(st.q) },
      { symbol: `${symbol}_scale`, tensor, comment: `${comment} channel scales`, dimsList: String(st.scales.length), size: st.scales.length, ctype: 'float', values: cFloatArray(st.scales) },
    ];
  }
  if (isCompressedInt8(st)) return compressedArrays(st, symbol, tensor, comment);
  if (st?.kind === 'int16') return [{ symbol, tensor, comment: `${comment} (int32 bias stored as int16)`, dimsList: dims, size: n, ctype: 'int16_t', values: cArray(t) }];
  return [{ symbol, tensor, comment, dimsList: dims, size: n, ctype: C_TYPE[t.dtype], values: cArray(t) }];
}

/** One integer array (at least one element: C has no empty arrays). */
function intArray(symbol: string, tensor: string, comment: string, ctype: string, v: ArrayLike<number>): WeightArray {
  const values = v.length ? v : [0];
  return { symbol, tensor, comment, dimsList: String(v.length), size: values.length, ctype, values: cIntArray(values) };
}

/**
 * The arrays of a byte array that is either stored plain (`symbol`) or Huffman-coded (`symbol` = the code bits,
 * `_hcounts` / `_hsymbols` = the decoder tables; decoded into RAM by the call, src/codegen/calls/compressed.ts).
 */
function maybeHuffman(symbol: string, tensor: string, comment: string, plain: Uint8Array, h: HuffmanStream | undefined): WeightArray[] {
  if (!h) return [intArray(symbol, tensor, comment, 'uint8_t', plain)];
  return [
    intArray(symbol, tensor, `${comment}, canonical Huffman bits of ${h.n} symbols`, 'uint8_t', h.bits),
    intArray(`${symbol}_hcounts`, tensor, `${comment}, Huffman codes per length`, 'uint16_t', h.counts),
    intArray(`${symbol}_hsymbols`, tensor, `${comment}, Huffman symbols by code`, 'uint8_t', h.symbols),
  ];
}

/** The C arrays of a compressed int8 weight (formats in src/ir/storage; kernels dense_sparse_s8 etc.). */
function compressedArrays(st: CompressedInt8Storage, symbol: string, tensor: string, comment: string): WeightArray[] {
  if (st.kind === 'sparse') {
    return [
      intArray(symbol, tensor, `${comment} (sparse: kept values)`, 'int8_t', st.values),
      ...maybeHuffman(`${symbol}_gaps`, tensor, `${comment} (sparse: ${st.gapBits}-bit gaps)`, st.gaps, st.huffmanGaps),
      intArray(`${symbol}_rows`, tensor, `${comment} (sparse: entries per row)`, 'uint16_t', st.rowCounts),
    ];
  }
  if (st.kind === 'clustered') {
    return [
      ...maybeHuffman(symbol, tensor, `${comment} (clustered: ${st.bits}-bit indices)`, st.indices, st.huffmanIndices),
      intArray(`${symbol}_codebook`, tensor, `${comment} (clustered: codebook)`, 'int8_t', st.codebook),
    ];
  }
  if (st.kind === 'sparseClustered') {
    return [
      ...maybeHuffman(symbol, tensor, `${comment} (sparse clustered: ${st.indexBits}-bit cluster indices)`, st.indices, st.huffmanIndices),
      ...maybeHuffman(`${symbol}_gaps`, tensor, `${comment} (sparse clustered: ${st.gapBits}-bit gaps)`, st.gaps, st.huffmanGaps),
      intArray(`${symbol}_rows`, tensor, `${comment} (sparse clustered: entries per row)`, 'uint16_t', st.rowCounts),
      intArray(`${symbol}_codebook`, tensor, `${comment} (sparse clustered: codebook${st.codebook[0] === 0 ? ', [0] = 0 for fillers' : ''})`, 'int8_t', st.codebook),
    ];
  }
  return [intArray(symbol, tensor, `${comment} (int4, two per byte, low nibble first)`, 'uint8_t', st.packed)];
}

/**
 * Names every constant the ops of `g` read (in first-use order: `<prefix>_w<n>_<name>`) and formats its arrays.
 */
export function emitWeights(g: Graph, prefix: string): EmittedWeights {
  const symbols = new Map<number, string>();
  const arrays: WeightArray[] = [];
  let bytes = 0;
  for (const op of g.ops) {
    for (const id of op.inputs) {
      const t = tensor(g, id);
      if (!t.data || symbols.has(id)) continue;
      const symbol = `${prefix}_w${symbols.size}_${cIdent(t.name).slice(-40)}`.replace(/_+/g, '_');
      symbols.set(id, symbol);
      bytes += storedBytes(t);
      arrays.push(...storedArrays(t, symbol));
    }
  }
  return { symbols, arrays, bytes };
}
