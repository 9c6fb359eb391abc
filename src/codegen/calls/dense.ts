/**
 * C calls of dense: dense_f32 (and its f16w / i8w variants), dense_s8, and on compressed int8 weights
 * dense_sparse_s8 / dense_clustered_s8 / dense_sparse_clustered_s8 / dense_s4 (Huffman-coded streams decoded once,
 * before first use, or — 'stream' mode — by the kernel itself).
 */
import { numel, tensor } from '../../ir/graph';
import { prepareDense } from '../../reference/int8/prepare';
import { HuffmanStream } from '../../ir/types';
import { isCompressedInt8 } from '../../ir/storage';
import { Int8CallCtx, OpCalls, biasArg, clampCtx, io, weightArgs, weightVariant } from './common';

export const denseCalls: OpCalls<'dense'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    const w = tensor(c.g, op.inputs[1]);
    const wv = weightVariant(w);
    return {
      template: 'dense',
      kernels: [`dense${wv}_f32`],
      ctx: {
        ...base,
        ...clampCtx(op.attrs.clamp),
        wv,
        w: weightArgs(w, c.p),
        bias: biasArg(op, c.p),
        rows: numel(x.shape) / w.shape[1],
        inN: w.shape[1],
        outN: w.shape[0],
      },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const w = tensor(c.g, op.inputs[1]);
    const r = prepareDense(x.quant, w.quant, y.quant, w.shape[0], op.attrs.clamp, { rounding: c.rounding });
    const mult = c.arr('mult', 'int32_t', r.multiplier);
    const shift = c.arr('shift', 'int8_t', r.shift);
    const head = [p.ptr(x.id), numel(x.shape) / w.shape[1], w.shape[1], r.inZp];
    const tail = [biasArg(op, p), w.shape[0], p.ptr(y.id), r.outZp, mult, shift, r.perChannel ? 1 : 0, r.actMin, r.actMax];
    const st = w.storage;
    if (!isCompressedInt8(st)) return c.call('dense_s8', [...head, p.ptr(w.id), ...tail]);
    const sym = p.ptr(w.id);
    // compressed kernels take a bias16 flag after the bias (bias_s8.h)
    const b = op.inputs[2] !== undefined ? tensor(c.g, op.inputs[2]) : undefined;
    tail.splice(1, 0, b?.storage?.kind === 'int16' ? 1 : 0);
    if (st.kind === 'int4') return c.call('dense_s4', [...head, sym, ...tail]);
    // each Huffman-coded stream: decoded at start-up into RAM, or ('stream') handed to the kernel with its tables
    const source = (symbol: string, width: number, h: HuffmanStream | undefined, tag: string) =>
      st.huffmanMode === 'stream' ? streamArgs(symbol, h) : huffmanSource(c, symbol, width, h, tag);
    if (st.kind === 'sparse') {
      const gaps = source(`${sym}_gaps`, st.gapBits, st.huffmanGaps, 'gaps');
      return c.call('dense_sparse_s8', [...head, sym, gaps.ptr, st.gapBits, ...gaps.tables, `${sym}_rows`, ...tail], gaps.block);
    }
    if (st.kind === 'clustered') {
      const idx = source(sym, st.bits, st.huffmanIndices, 'idx');
      return c.call('dense_clustered_s8', [...head, idx.ptr, st.bits, ...idx.tables, `${sym}_codebook`, ...tail], idx.block);
    }
    const idx = source(sym, st.indexBits, st.huffmanIndices, 'idx');
    const gaps = source(`${sym}_gaps`, st.gapBits, st.huffmanGaps, 'gaps');
    const args = [idx.ptr, st.indexBits, ...idx.tables, gaps.ptr, st.gapBits, ...gaps.tables, `${sym}_rows`, `${sym}_codebook`];
    return c.call('dense_sparse_clustered_s8', [...head, ...args, ...tail], [...(idx.block ?? []), ...(gaps.block ?? [])]);
  },
};

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
