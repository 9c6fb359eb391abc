/**
 * Generated C on sparse + clustered dense weights (dense_sparse_clustered_s8) and on per-symbol Huffman streams
 * (start-up decoding into RAM, or in-kernel 'stream' decoding, for sparse / clustered / sparse-clustered), built with host gcc under ASan/UBSan, is bit-exact with the int8 reference on the same
 * compressed form: random pruned + clustered layers of awkward shapes (odd widths, several input rows, gaps
 * overflowing into fillers, all-zero rows), every gap / index width pairing the encoder picks.
 */
import { StorageChoice, compressWeights, huffmanRamBytes, isCompressedInt8 } from '../../src/ir/storage';
import { tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { expectBitExact as bitExact } from './bitExact';
import { int8Mlp, prune, reshapeWeights, snap } from './mlp';

/** Generates `g` for the host and compares its outputs with the reference's on random samples. */
const expectBitExact = (g: Graph, tag: string, kernels: string[]): void => bitExact(g, 'sc-' + tag, kernels, 4, 700);

/** Prune to `sp` then snap to 2^bits levels (0 is one: at most 2^bits − 1 nonzero clusters). */
const pruneCluster = (sp: number, bits: number) => (w: Int8Array, l: number, r: () => number) => snap(bits)(prune(sp)(w, l, r));
const layer = (inN: number, outN: number, seed: number, rows = 1): Graph => int8Mlp([inN, outN], seed, rows);
const all = (choice: StorageChoice) => (): StorageChoice => choice;
const weightStorage = (g: Graph) => [...g.tensors.values()].map((t) => t.storage).filter(isCompressedInt8);

describe('dense_sparse_clustered_s8 and per-symbol Huffman are bit-exact with the int8 reference', () => {
  it.each([
    ['auto 92 % 5-bit', 0.92, 5, { kind: 'sparseClustered' }],
    ['3-bit gaps 97 % (fillers)', 0.97, 4, { kind: 'sparseClustered', gapBits: 3 }],
    ['1-bit gaps 50 %', 0.5, 2, { kind: 'sparseClustered', gapBits: 1 }],
    ['equal 4-bit widths 95 % (fillers)', 0.95, 4, { kind: 'sparseClustered', gapBits: 4, indexBits: 4 }],
    ['equal 3-bit widths 80 %', 0.8, 2, { kind: 'sparseClustered', gapBits: 3, indexBits: 3 }],
    ['8-bit 0 %', 0, 3, { kind: 'sparseClustered', gapBits: 8, indexBits: 8 }],
    ['Huffman startup', 0.92, 5, { kind: 'sparseClustered', huffman: 'startup' }],
    ['Huffman stream', 0.92, 5, { kind: 'sparseClustered', huffman: 'stream' }],
    ['Huffman stream fillers', 0.97, 3, { kind: 'sparseClustered', gapBits: 2, huffman: 'stream' }],
  ] as [string, number, number, StorageChoice][])('sparseClustered %s', (tag, sp, bits, choice) => {
    // Huffman codes a stream only when that saves bytes: large enough layers for its tables to pay
    const g0 = choice.kind === 'sparseClustered' && choice.huffman ? layer(600, 41, 3, 2) : layer(301, 23, 3, 3);
    const g = compressWeights(reshapeWeights(g0, 5, pruneCluster(sp, bits)), all(choice));
    const [st] = weightStorage(g);
    expect(st.kind).toBe('sparseClustered');
    if (choice.kind === 'sparseClustered' && choice.huffman) {
      expect(st.kind === 'sparseClustered' && (st.huffmanGaps || st.huffmanIndices)).toBeTruthy();
      expect(huffmanRamBytes(st) === 0).toBe(choice.huffman === 'stream');
    }
    expectBitExact(g, tag.replace(/\W+/g, '-'), ['dense_sparse_clustered_s8']);
  });
  it('sparseClustered with all-zero rows and 600-wide rows', () => {
    const g = reshapeWeights(layer(600, 9, 4), 6, (w) => Int8Array.from(snap(3)(w), (v, i) => (Math.floor(i / 600) % 3 === 0 || i % 97 !== 5 ? 0 : v || 8)));
    expectBitExact(compressWeights(g, all({ kind: 'sparseClustered', gapBits: 4 })), 'sc-fill', ['dense_sparse_clustered_s8']);
    expectBitExact(compressWeights(g, all({ kind: 'sparseClustered', gapBits: 4, huffman: 'stream' })), 'sc-fill-stream', ['dense_sparse_clustered_s8']);
  });
  it.each([
    [3, undefined],
    [5, 'startup'],
    [7, undefined],
    [4, 'stream'],
  ] as const)('sparse with %i-bit gaps and per-symbol Huffman %s', (gapBits, huffman) => {
    const g = reshapeWeights(layer(301, 23, 3, 2), 5, prune(0.9));
    const c = compressWeights(g, all({ kind: 'sparse', gapBits, huffman }));
    expect(weightStorage(c).map(huffmanRamBytes)[0] > 0).toBe(huffman === 'startup');
    expectBitExact(c, `sparse${gapBits}`, ['dense_sparse_s8']);
  });
  it.each(['startup', 'stream'] as const)('clustered 3-bit with Huffman %s (odd rows straddle bytes)', (huffman) => {
    const g = compressWeights(reshapeWeights(layer(77, 13, 3, 2), 3, snap(3)), all({ kind: 'clustered', huffman }));
    expect(huffmanRamBytes(weightStorage(g)[0]) > 0).toBe(huffman === 'startup');
    expectBitExact(g, `clustered-${huffman}`, ['dense_clustered_s8']);
  });
  it('reads int16 biases (every value fits) and int32 biases (one does not) bit-exactly', () => {
    const g = reshapeWeights(layer(200, 17, 8), 8, pruneCluster(0.8, 4));
    const b = tensor(g, g.ops.find((o) => o.kind === 'dense')!.inputs[2]);
    const small = compressWeights(g, all({ kind: 'sparseClustered' }));
    expect(tensor(small, b.id).storage?.kind).toBe('int16');
    expectBitExact(small, 'bias16', ['dense_sparse_clustered_s8']);
    const big = Int32Array.from(b.data as Int32Array, (v, i) => (i === 3 ? 40000 : i === 5 ? -40000 : v));
    const g32 = { ...g, tensors: new Map(g.tensors).set(b.id, { ...b, data: big }) };
    const wide = compressWeights(g32, all({ kind: 'sparse', gapBits: 4 }));
    expect(tensor(wide, b.id).storage).toBeUndefined();
    expectBitExact(wide, 'bias32', ['dense_sparse_s8']);
    expect(tensor(compressWeights(g, all({ kind: 'clustered', bits: 8 }), { int16Bias: false }), b.id).storage).toBeUndefined();
  });
  it('a 3-layer MLP mixing sparse-clustered stream, clustered startup and sparse startup Huffman', () => {
    const g0 = int8Mlp([120, 60, 30, 10], 9);
    const g = reshapeWeights(g0, 9, (w, l, r) => (l === 0 ? pruneCluster(0.9, 4)(w, l, r) : l === 1 ? snap(3)(w) : prune(0.7)(w, l, r)));
    const formats: StorageChoice[] = [{ kind: 'sparseClustered', huffman: 'stream' }, { kind: 'clustered', huffman: true }, { kind: 'sparse', gapBits: 2, huffman: 'stream' }];
    expectBitExact(compressWeights(g, (name) => formats[Number(name.slice(2)) - 1]), 'mlp', ['dense_sparse_clustered_s8', 'dense_clustered_s8', 'dense_sparse_s8']);
  });
});
