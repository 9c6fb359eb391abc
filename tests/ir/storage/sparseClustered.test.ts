/**
 * Sparse + clustered storage (src/ir/storage/sparseClustered.ts): round trips on random pruned + clustered
 * tensors (dense [OUT, IN] and conv [O, KH, KW, I] rows), the filler convention (codebook[0] = 0 only when
 * fillers occur), the 'auto' gap width, the codebook-overflow error, and plain sparse with any gap width 1..8.
 */
import {
  compressedBytes, decodeSparse, decodeSparseClustered, decodeStorage, encodeSparse, encodeSparseClustered, encodeStorage,
  sparseClusteredEntries, unpackBits,
} from '../../../src/ir/storage';
import { mulberry32 as rng } from '../../helpers/rng';

/** A random int8 tensor with about `sparsity` zeros, the rest drawn from `k` distinct nonzero values. */
export function sparseClusteredTensor(n: number, sparsity: number, k: number, seed: number): Int8Array {
  const r = rng(seed);
  const centroids = Array.from({ length: k }, (_, i) => Math.round(-120 + (240 * (i + 0.5)) / k) || 1);
  return Int8Array.from({ length: n }, () => (r() < sparsity ? 0 : centroids[Math.floor(r() * k)]));
}

describe('sparse clustered format', () => {
  it.each([
    [[37, 300], 0.9, 32],
    [[8, 5, 5, 6], 0.6, 7],
    [[20, 784], 0.99, 4],
    [[5, 50], 0, 16],
  ])('round-trips shape %j at sparsity %p with %i clusters, every gap width', (shape, sp, k) => {
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    const w = sparseClusteredTensor(n, sp as number, k as number, n + (k as number));
    for (let g = 1; g <= 8; g++) {
      const s = encodeSparseClustered(w, shape as number[], { gapBits: g, indexBits: 8 });
      expect(decodeSparseClustered(s, shape as number[])).toEqual(w);
      const fillers = sparseClusteredEntries(s) - w.reduce((a, v) => a + (v ? 1 : 0), 0);
      expect(s.codebook[0] === 0).toBe(fillers > 0);
      expect(s.codebook.length).toBe(new Set(w.filter((v) => v !== 0)).size + (fillers > 0 ? 1 : 0));
    }
  });
  it('points fillers at codebook[0] = 0 and packs indices and gaps LSB-first', () => {
    const w = new Int8Array(2 * 40);
    w[39] = 5; // row 0: gap 39 → two fillers with 4-bit gaps
    w[40] = -3;
    w[56] = 5;
    const s = encodeSparseClustered(w, [2, 40], { gapBits: 4 });
    expect(Array.from(s.codebook)).toEqual([0, -3, 5]);
    expect(s.indexBits).toBe(2);
    expect(Array.from(unpackBits(s.indices, 2, 5))).toEqual([0, 0, 2, 1, 2]);
    expect(Array.from(unpackBits(s.gaps, 4, 5))).toEqual([15, 15, 7, 0, 15]);
    expect(Array.from(s.rowCounts)).toEqual([3, 2]);
    const s8 = encodeSparseClustered(w, [2, 40], { gapBits: 8 });
    expect(Array.from(s8.codebook)).toEqual([-3, 5]);
    expect(s8.indexBits).toBe(1);
  });
  it("picks the gap width with the fewest bytes under 'auto'", () => {
    const w = sparseClusteredTensor(300 * 784, 0.92, 32, 7);
    const auto = encodeSparseClustered(w, [300, 784]);
    for (let g = 1; g <= 8; g++) {
      let s;
      try {
        s = encodeSparseClustered(w, [300, 784], { gapBits: g });
      } catch {
        continue;
      }
      expect(compressedBytes(auto)).toBeLessThanOrEqual(compressedBytes(s));
    }
    expect(decodeStorage(auto, [300, 784])).toEqual(w);
    // before Huffman, 32 clusters + the filler 0 take 6-bit indices (~1.5 B per kept weight); 31 clusters fit 5 bits
    expect(compressedBytes(auto) / (0.08 * 300 * 784)).toBeLessThan(1.55);
    const w31 = sparseClusteredTensor(300 * 784, 0.92, 31, 7);
    const s31 = encodeSparseClustered(w31, [300, 784]);
    expect(s31.indexBits).toBe(5);
    expect(compressedBytes(s31) / (0.08 * 300 * 784)).toBeLessThan(1.4);
  });
  it('reaches ~1 byte per kept weight with Huffman on bell-shaped weights (92 % magnitude-pruned, 31 linear centroids)', () => {
    // Laplace(0, 9) weights, like trained ones: after pruning the small magnitudes, the clusters near the threshold
    // are used far more than the tails, so the index symbols' entropy drops to ~3 bits (gaps stay ~5 bits)
    const r = rng(5);
    const n = 300 * 784;
    const lap = Float64Array.from({ length: n }, () => {
      const u = r() - 0.5;
      return -Math.sign(u) * 9 * Math.log(1 - 2 * Math.abs(u));
    });
    const thr = Float64Array.from(lap, Math.abs).sort()[Math.floor(0.92 * n)];
    const cents = Array.from({ length: 31 }, (_, i) => -127 + (254 * i) / 30);
    const w = Int8Array.from(lap, (v) => (Math.abs(v) <= thr ? 0 : Math.round(cents.reduce((b, c) => (Math.abs(c - v) < Math.abs(b - v) ? c : b))) || 1));
    const kept = w.reduce((a, v) => a + (v ? 1 : 0), 0);
    const fixed = encodeStorage(w, [300, 784], { kind: 'sparseClustered' });
    const huff = encodeStorage(w, [300, 784], { kind: 'sparseClustered', huffman: 'stream' });
    expect(decodeStorage(huff, [300, 784])).toEqual(w);
    expect(compressedBytes(fixed) / kept).toBeGreaterThan(1.2);
    expect(compressedBytes(huff) / kept).toBeLessThan(1.1);
  });
  it('throws a clear error when the nonzero values (plus the filler 0) exceed the index space', () => {
    const w = Int8Array.from({ length: 100 }, (_, i) => (i % 9) + 1);
    expect(() => encodeSparseClustered(w, [10, 10], { indexBits: 3 })).toThrow(/9 distinct nonzero weights do not fit a 3-bit index/);
    const f = new Int8Array(2 * 64);
    for (let i = 0; i < 4; i++) f[i * 2] = i + 1;
    f[127] = 1;
    expect(() => encodeSparseClustered(f, [2, 64], { indexBits: 2, gapBits: 2 })).toThrow(/\+ the filler 0/);
    expect(encodeSparseClustered(f, [2, 64], { indexBits: 2 }).gapBits).toBeGreaterThan(2);
    // all 255 nonzero int8 values plus the filler 0 still fit 8 bits
    const all = Int8Array.from({ length: 2 * 600 }, (_, i) => (i < 255 ? i - 127 || -128 : 0));
    expect(decodeStorage(encodeStorage(all, [2, 600], { kind: 'sparseClustered', gapBits: 2 }), [2, 600])).toEqual(all);
  });
  it('lets plain sparse use any gap width 1..8', () => {
    const w = sparseClusteredTensor(30 * 200, 0.8, 50, 3);
    for (let g = 1; g <= 8; g++) expect(decodeSparse(encodeSparse(w, [30, 200], g), [30, 200])).toEqual(w);
  });
});
