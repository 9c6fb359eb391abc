/**
 * Generated C on compressed dense weights (dense_sparse_s8, dense_clustered_s8, dense_s4, huffman_decode.h), built
 * with host gcc under ASan/UBSan, is bit-exact with the int8 reference computing on the same compressed form
 * (which decodes the storage, src/reference/runInt8.ts): random single layers of awkward shapes (odd widths, rows
 * of several inputs, gaps overflowing, all-zero rows) and a small MLP mixing the formats.
 */
import { StorageChoice, compressWeights } from '../../src/ir/storage';
import { Graph } from '../../src/ir/types';
import { expectBitExact } from './bitExact';
import { int8Mlp, prune, reshapeWeights, snap, toInt4 } from './mlp';

const layer = (inN: number, outN: number, seed: number, rows = 1): Graph => int8Mlp([inN, outN], seed, rows);
const all = (choice: StorageChoice) => (): StorageChoice => choice;

describe('compressed dense kernels are bit-exact with the int8 reference', () => {
  it.each([
    ['sparse 4-bit 95 %', 0.95, { kind: 'sparse', gapBits: 4 }],
    ['sparse 8-bit 99 %', 0.99, { kind: 'sparse', gapBits: 8 }],
    ['sparse 4-bit 0 %', 0, { kind: 'sparse', gapBits: 4 }],
    ['sparse Huffman 90 %', 0.9, { kind: 'sparse', gapBits: 4, huffman: true }],
  ] as [string, number, StorageChoice][])('%s', (tag, sp, choice) => {
    const g = reshapeWeights(layer(301, 23, 3, 3), 5, prune(sp));
    expectBitExact(compressWeights(g, all(choice)), tag.replace(/\W+/g, '-'), ['dense_sparse_s8']);
  });
  it('sparse with all-zero rows and 600-wide rows (fillers with 8-bit gaps)', () => {
    const g = reshapeWeights(layer(600, 9, 4), 6, (w) => Int8Array.from(w, (v, i) => (Math.floor(i / 600) % 3 === 0 || i % 297 !== 5 ? 0 : v)));
    expectBitExact(compressWeights(g, all({ kind: 'sparse', gapBits: 8 })), 'sparse-fill', ['dense_sparse_s8']);
  });
  it.each([1, 3, 4, 5])('clustered %i-bit (and Huffman)', (bits) => {
    const g = reshapeWeights(layer(77, 13, bits, 2), bits, snap(bits));
    expectBitExact(compressWeights(g, all({ kind: 'clustered', bits, huffman: bits === 3 })), `clustered${bits}`, ['dense_clustered_s8']);
  });
  it('int4 with odd rows (rows straddle bytes)', () => {
    const g = reshapeWeights(layer(33, 7, 8, 2), 8, toInt4);
    expectBitExact(compressWeights(g, all({ kind: 'int4' })), 'int4', ['dense_s4']);
  });
  it('a 3-layer MLP mixing sparse, clustered and int4', () => {
    const g0 = int8Mlp([120, 60, 30, 10], 9);
    const g = reshapeWeights(g0, 9, (w, l, r) => (l === 0 ? prune(0.9)(w, l, r) : l === 1 ? snap(4)(w) : toInt4(w)));
    const formats: StorageChoice[] = [{ kind: 'sparse', gapBits: 4, huffman: true }, { kind: 'clustered', bits: 4 }, { kind: 'int4' }];
    expectBitExact(compressWeights(g, (name) => formats[Number(name.slice(2)) - 1]), 'mlp', ['dense_sparse_s8', 'dense_clustered_s8', 'dense_s4']);
  });
});
