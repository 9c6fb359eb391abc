/**
 * The kernel and the weight arguments of an int8 dense or conv2d call whose weight carries a compressed storage
 * (src/ir/storage): `<op>_sparse_s8`, `<op>_clustered_s8` or `<op>_s4`, the weights.c arrays of the format
 * (src/codegen/weights.ts) in the kernel's argument order, and the start-up Huffman decoding block when an array
 * is Huffman-coded.
 */
import { CompressedInt8Storage, HuffmanStream } from '../../ir/types';
import { Int8CallCtx } from './common';

/** A compressed weight's kernel, its arguments (in place of the int8 weight pointer) and the call's block. */
export interface CompressedWeightCall {
  kernel: string;
  args: (string | number)[];
  block?: string[];
}

/**
 * How an op of kind `op` ('dense' or 'conv2d') calls its kernel on compressed weights.
 * @param c the call context
 * @param op the op kind: the kernel's name prefix
 * @param sym the weight's C symbol (its arrays are `sym`, `sym_gaps`, `sym_rows`, `sym_codebook`)
 * @param st the storage
 */
export function compressedWeightCall(c: Int8CallCtx, op: 'dense' | 'conv2d', sym: string, st: CompressedInt8Storage): CompressedWeightCall {
  if (st.kind === 'int4') return { kernel: `${op}_s4`, args: [sym] };
  if (st.kind === 'sparse') {
    const gaps = huffmanSource(c, `${sym}_gaps`, st.huffmanGaps);
    return { kernel: `${op}_sparse_s8`, args: [sym, gaps.ptr, st.gapBits, `${sym}_rows`], block: gaps.block };
  }
  const idx = huffmanSource(c, sym, st.huffmanIndices);
  return { kernel: `${op}_clustered_s8`, args: [idx.ptr, st.bits, `${sym}_codebook`], block: idx.block };
}

/**
 * Where a kernel reads a byte array of a compressed weight: the flash array itself, or — when it is Huffman-coded
 * (src/ir/storage/huffman.ts) — a static RAM buffer the call's block fills once, on the first inference
 * (start-up decoding: huffman_decode.h, which the kernels' headers include), before the kernel runs.
 */
function huffmanSource(c: Int8CallCtx, symbol: string, h: HuffmanStream | undefined): { ptr: string; block?: string[] } {
  if (!h) return { ptr: symbol };
  // block-scope statics (no linkage): RAM (.bss) that the build report does not count among the weights
  return {
    ptr: 'huff_ram',
    block: [
      `static uint8_t huff_ram[${Math.max(h.n, 1)}];`,
      'static int huff_ready = 0;',
      `if (!huff_ready) { (void)${c.prefix}_huffman_decode(${symbol}, ${Math.max(h.bits.length, 1)}, ${symbol}_hcounts, ${symbol}_hsymbols, huff_ram, ${h.n}); huff_ready = 1; }`,
    ],
  };
}
