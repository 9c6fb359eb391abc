/**
 * Compressed int8 weight formats (src/ir/storage): encode → decode round trips on random matrices over
 * sparsities 0–99 % (including gaps that overflow 4 and 8 bits), clustered and int4 packing, and the canonical
 * Huffman code's properties (prefix-free, canonical order, Kraft sum, length limit, optimal for 2 symbols).
 */
import {
  HUFFMAN_MAX_BITS, canonicalCodes, codeLengths, compressedBytes, decodeClustered, decodeInt4, decodeSparse, decodeStorage,
  encodeClustered, encodeInt4, encodeSparse, encodeStorage, huffmanDecode, huffmanEncode, packBits, unpackBits,
} from '../../../src/ir/storage';
import { mulberry32 as rng } from '../../helpers/rng';

/** A random int8 matrix with about `sparsity` of its entries zero (the rest nonzero in [-128, 127]). */
function sparseMatrix(n: number, sparsity: number, seed: number): Int8Array {
  const r = rng(seed);
  return Int8Array.from({ length: n }, () => (r() < sparsity ? 0 : (Math.floor(r() * 255) - 127) || 1));
}

describe('bit packing', () => {
  it.each([1, 2, 3, 4, 5, 7, 8])('packs and unpacks %i-bit values LSB-first', (bits) => {
    const r = rng(bits);
    const v = Uint8Array.from({ length: 101 }, () => Math.floor(r() * (1 << bits)));
    const p = packBits(v, bits);
    expect(p.length).toBe(Math.ceil((101 * bits) / 8));
    expect(unpackBits(p, bits, 101)).toEqual(v);
  });
  it('puts element 0 in the low nibble (CMSIS-NN s4 order) and rejects values that do not fit', () => {
    expect(Array.from(packBits([1, 2, 3], 4))).toEqual([0x21, 0x03]);
    expect(() => packBits([16], 4)).toThrow(/does not fit/);
  });
});

describe('sparse relative-index format', () => {
  it.each([0, 0.5, 0.9, 0.95, 0.99])('round-trips a random 37x300 matrix at sparsity %p with 4- and 8-bit gaps', (sp) => {
    const w = sparseMatrix(37 * 300, sp, Math.round(sp * 1000) + 3);
    for (const gapBits of [4, 8] as const) {
      const s = encodeSparse(w, [37, 300], gapBits);
      expect(decodeSparse(s, [37, 300])).toEqual(w);
      const nnz = w.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
      expect(s.values.length).toBeGreaterThanOrEqual(nnz);
      expect(s.rowCounts.reduce((a, b) => a + b, 0)).toBe(s.values.length);
    }
  });
  it('inserts filler zeros when a gap overflows, exactly as many as needed', () => {
    const w = new Int8Array(2 * 40);
    w[39] = 5; // row 0: gap 39 = 16 + 16 + 7 → two fillers with 4-bit gaps
    w[40 + 0] = -3; // row 1: gap 0
    w[40 + 16] = 7; // row 1: gap 15, fits
    const s = encodeSparse(w, [2, 40], 4);
    expect(Array.from(s.values)).toEqual([0, 0, 5, -3, 7]);
    expect(Array.from(unpackBits(s.gaps, 4, 5))).toEqual([15, 15, 7, 0, 15]);
    expect(Array.from(s.rowCounts)).toEqual([3, 2]);
    const s8 = encodeSparse(w, [2, 40], 8);
    expect(Array.from(s8.values)).toEqual([5, -3, 7]);
    expect(decodeSparse(s8, [2, 40])).toEqual(w);
    // an all-zero row of 600 with 8-bit gaps: fillers at 255 and 511, nothing after
    const z = new Int8Array(600);
    z[599] = 1;
    expect(Array.from(encodeSparse(z, [1, 600], 8).values)).toEqual([0, 0, 1]);
  });
  it('stores a 90 %-sparse 300x784 layer in under a fifth of its dense bytes with 4-bit gaps', () => {
    const w = sparseMatrix(300 * 784, 0.9, 11);
    const s = encodeSparse(w, [300, 784], 4);
    expect(compressedBytes(s)).toBeLessThan((300 * 784) / 5);
  });
  it('rejects corrupt storage', () => {
    const s = encodeSparse(sparseMatrix(40, 0.5, 2), [2, 20], 8);
    s.gaps[s.gaps.length - 1] = 200;
    expect(() => decodeSparse(s, [2, 20])).toThrow(/past row/);
  });
});

describe('clustered and int4 formats', () => {
  it.each([1, 2, 3, 4, 5, 8])('round-trips %i-bit indices', (bits) => {
    const r = rng(bits + 40);
    const book = Int8Array.from({ length: 1 << bits }, (_, i) => i * Math.floor(255 / (1 << bits)) - 128);
    const w = Int8Array.from({ length: 999 }, () => book[Math.floor(r() * book.length)]);
    const s = encodeClustered(w, bits);
    expect(s.indices.length).toBe(Math.ceil((999 * bits) / 8));
    expect(s.codebook.length).toBeLessThanOrEqual(1 << bits);
    expect(decodeClustered(s, 999)).toEqual(w);
  });
  it('picks the fewest bits by default and refuses too many distinct weights', () => {
    expect(encodeClustered(Int8Array.from([3, -3, 3, 9, 0])).bits).toBe(2);
    expect(() => encodeClustered(Int8Array.from([1, 2, 3, 4, 5]), 2)).toThrow(/do not fit/);
  });
  it('packs int4 two per byte and sign-extends back', () => {
    const w = Int8Array.from({ length: 257 }, (_, i) => (i % 16) - 8);
    const s = encodeInt4(w);
    expect(s.packed.length).toBe(129);
    expect(s.packed[0]).toBe(0x98); // -8 → 0x8 low, -7 → 0x9 high
    expect(decodeInt4(s, 257)).toEqual(w);
    expect(() => encodeInt4(Int8Array.from([8]))).toThrow(/int4 range/);
  });
});

describe('canonical Huffman', () => {
  /** Checks prefix-freeness, canonical order and the Kraft sum of a code. */
  function checkCode(lengths: Uint8Array): void {
    const codes = canonicalCodes(lengths);
    const used = Array.from(lengths.keys()).filter((s) => lengths[s] > 0);
    const str = (s: number): string => codes[s].toString(2).padStart(lengths[s], '0');
    const clashes = used.flatMap((a) => used.filter((b) => a !== b && str(b).startsWith(str(a))));
    expect(clashes).toEqual([]);
    const sorted = [...used].sort((a, b) => lengths[a] - lengths[b] || a - b);
    for (let i = 1; i < sorted.length; i++) {
      const [p, q] = [sorted[i - 1], sorted[i]];
      expect(codes[q]).toBe((codes[p] + 1) * 2 ** (lengths[q] - lengths[p])); // canonical: next code, shifted
    }
    const kraft = used.reduce((a, s) => a + 2 ** -lengths[s], 0);
    expect(kraft).toBeLessThanOrEqual(1);
    if (used.length > 1) expect(kraft).toBeCloseTo(1, 12); // a Huffman code is complete
  }
  it('builds complete, prefix-free, canonical codes on random frequencies', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const freqs = Array.from({ length: 256 }, () => (r() < 0.4 ? 0 : Math.floor(r() ** 4 * 10000)));
      checkCode(codeLengths(freqs));
    }
  });
  it('limits code lengths to 15 bits on Fibonacci frequencies', () => {
    const fib = [1, 1];
    while (fib.length < 30) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);
    const unlimited = codeLengths(fib, 64);
    expect(Math.max(...unlimited)).toBeGreaterThan(HUFFMAN_MAX_BITS);
    const lim = codeLengths(fib);
    expect(Math.max(...lim)).toBeLessThanOrEqual(HUFFMAN_MAX_BITS);
    checkCode(lim);
  });
  it('round-trips byte streams, beats 4 bits per symbol on skewed gaps, and handles one symbol or none', () => {
    const r = rng(7);
    const gaps = Uint8Array.from({ length: 5000 }, () => Math.min(15, Math.floor(-Math.log(1 - r()) * 3)));
    const h = huffmanEncode(gaps);
    expect(huffmanDecode(h)).toEqual(gaps);
    expect(h.bits.length * 8).toBeLessThan(5000 * 4);
    expect(huffmanDecode(huffmanEncode(new Uint8Array(9).fill(3)))).toEqual(new Uint8Array(9).fill(3));
    expect(huffmanDecode(huffmanEncode(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });
  it('decodes Huffman-coded storage to the same weights', () => {
    const w = sparseMatrix(20 * 200, 0.9, 5);
    const st = encodeStorage(w, [20, 200], { kind: 'sparse', huffman: true });
    expect(decodeStorage(st, [20, 200])).toEqual(w);
    const c = Int8Array.from(w, (v) => (v > 0 ? 50 : v < 0 ? -50 : 0));
    const sc = encodeStorage(c, [20, 200], { kind: 'clustered', bits: 2, huffman: true });
    expect(decodeStorage(sc, [20, 200])).toEqual(c);
    expect(compressedBytes(sc)).toBeLessThan(compressedBytes(encodeStorage(c, [20, 200], { kind: 'clustered', bits: 2 })));
  });
});
