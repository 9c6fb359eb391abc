/**
 * The kernel and the weight arguments of an int8 dense or conv2d call whose weight carries a compressed storage
 * (src/ir/storage): `<op>_sparse_s8`, `<op>_clustered_s8`, `<op>_sparse_clustered_s8` or `<op>_s4`, the weights.c
 * arrays of the format (src/codegen/weights.ts) in the kernel's argument order, and the start-up Huffman decoding
 * block when a stream is Huffman-coded and decoded at start-up ('stream' mode: by the kernel).
 */
import { tensor } from '../../ir/graph';
import { CompressedInt8Storage, HuffmanStream, Op } from '../../ir/types';
import { Int8CallCtx } from './common';

/** The `bias16` argument of a compressed kernel (bias_s8.h): 1 when the op's bias is stored int16, else 0. */
export function bias16Flag(c: Int8CallCtx, op: Op): number {
  const b = op.inputs[2] !== undefined ? tensor(c.g, op.inputs[2]) : undefined;
  return b?.storage?.kind === 'int16' ? 1 : 0;
}

/** A compressed weight's kernel, its arguments (in place of the int8 weight pointer) and the call's block. */
export interface CompressedWeightCall {
  kernel: string;
  args: (string | number)[];
  block?: string[];
}

/**
 * How an op of kind `op` ('dense' or 'conv2d') calls its kernel on compressed weights; the dense and conv2d
 * kernels of a format take the same weight arguments.
 * @param c the call context
 * @param op the op kind: the kernel's name prefix
 * @param sym the weight's C symbol (its arrays are `sym`, `sym_gaps`, `sym_rows`, `sym_codebook`)
 * @param st the storage
 */
export function compressedWeightCall(c: Int8CallCtx, op: 'dense' | 'conv2d', sym: string, st: CompressedInt8Storage): CompressedWeightCall {
  if (st.kind === 'int4') return { kernel: `${op}_s4`, args: [sym] };
  // each Huffman-coded stream: decoded at start-up into RAM, or ('stream') handed to the kernel with its tables
  const source = (symbol: string, width: number, h: HuffmanStream | undefined, tag: string) =>
    st.huffmanMode === 'stream' ? streamArgs(symbol, h) : huffmanSource(c, symbol, width, h, tag);
  if (st.kind === 'sparse') {
    const gaps = source(`${sym}_gaps`, st.gapBits, st.huffmanGaps, 'gaps');
    return { kernel: `${op}_sparse_s8`, args: [sym, gaps.ptr, st.gapBits, ...gaps.tables, `${sym}_rows`], block: gaps.block };
  }
  if (st.kind === 'clustered') {
    const idx = source(sym, st.bits, st.huffmanIndices, 'idx');
    return { kernel: `${op}_clustered_s8`, args: [idx.ptr, st.bits, ...idx.tables, `${sym}_codebook`], block: idx.block };
  }
  const idx = source(sym, st.indexBits, st.huffmanIndices, 'idx');
  const gaps = source(`${sym}_gaps`, st.gapBits, st.huffmanGaps, 'gaps');
  return {
    kernel: `${op}_sparse_clustered_s8`,
    args: [idx.ptr, st.indexBits, ...idx.tables, gaps.ptr, st.gapBits, ...gaps.tables, `${sym}_rows`, `${sym}_codebook`],
    block: [...(idx.block ?? []), ...(gaps.block ?? [])],
  };
}

/** A kernel's source of a stream it decodes itself: the array, and its Huffman tables or NULLs when plain. */
function streamArgs(symbol: string, h: HuffmanStream | undefined): { ptr: string; tables: string[]; block?: string[] } {
  return { ptr: symbol, tables: h ? [`${symbol}_hcounts`, `${symbol}_hsymbols`] : ['NULL', 'NULL'] };
}

/**
 * Where a kernel reads a packed array of a compressed weight: the flash array itself, or — when it is Huffman-coded
 * (src/ir/storage/huffman.ts, one symbol per entry) — a static RAM buffer the call's block fills once, on the
 * first inference (start-up decoding: huffman_decode.h, which the kernels' headers include), with the symbols
 * packed `width` bits each, before the kernel runs. `tables` are the NULL Huffman tables of a kernel that can
 * also decode streams itself.
 */
function huffmanSource(c: Int8CallCtx, symbol: string, width: number, h: HuffmanStream | undefined, tag: string): { ptr: string; tables: string[]; block?: string[] } {
  if (!h) return { ptr: symbol, tables: ['NULL', 'NULL'] };
  const ram = `huff_${tag}`;
  // block-scope statics (no linkage): RAM (.bss) that the build report does not count among the weights
  return {
    ptr: ram,
    tables: ['NULL', 'NULL'],
    block: [
      `static uint8_t ${ram}[${Math.max(Math.ceil((h.n * width) / 8), 1)}];`,
      `static int ${ram}_ready = 0;`,
      `if (!${ram}_ready) { ${c.prefix}_huffman_decode(${symbol}, ${symbol}_hcounts, ${symbol}_hsymbols, ${ram}, ${h.n}, ${width}); ${ram}_ready = 1; }`,
    ],
  };
}
