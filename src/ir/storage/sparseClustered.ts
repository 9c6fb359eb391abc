/**
 * Sparse + clustered storage, Deep Compression's combined format (Han et al., ICLR 2016, §3, Fig. 2–3): the
 * relative-index entries of the sparse format ({@link rowEntries}: gap of skipped zeros, fillers when a gap
 * overflows) whose values are not int8 weights but `indexBits`-bit indices into a shared int8 codebook. At 92 %
 * sparsity with 32 clusters and 5-bit gaps an entry costs 10 bits, ~1.25 bytes per kept weight before Huffman.
 *
 * Filler convention: when the storage has fillers, codebook[0] = 0 and every filler's index is 0 (the codebook is
 * [0, nonzero values ascending]); without fillers it is the nonzero values ascending. So a kernel multiplies
 * codebook[index] whatever the entry, with no filler test, and the 0 entry costs one codebook slot only when used.
 */
import { packBits, unpackBits } from './bits';
import { entryPositions, rowEntries, sparseRows } from './sparse';
import { SparseClusteredStorage } from '../types';

export type { SparseClusteredStorage };

/** Options of {@link encodeSparseClustered}. */
export interface SparseClusteredOptions {
  /** Bits per gap 1..8, or 'auto' (default): the width that minimises the fixed-width bytes. */
  gapBits?: number | 'auto';
  /** Bits per index 1..8; default the fewest that index the codebook. */
  indexBits?: number;
}

/** Fewest bits (≥ 1) that index `n` codebook entries. */
function bitsFor(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(n, 1))));
}

/** Encodes with one gap width; an error message when the codebook does not fit a fixed `indexBits`. */
function encodeWith(w: Int8Array, shape: readonly number[], gapBits: number, nonzero: number[], indexBits?: number): SparseClusteredStorage | string {
  const { values, gaps, rowCounts } = rowEntries(w, shape, gapBits, 'encodeSparseClustered');
  const fillers = values.some((v) => v === 0);
  const codebook = fillers ? [0, ...nonzero] : nonzero;
  const ib = indexBits ?? bitsFor(codebook.length);
  if (codebook.length > 1 << ib) {
    return `encodeSparseClustered: ${nonzero.length} distinct nonzero weights${fillers ? ' + the filler 0' : ''} do not fit a ${ib}-bit index (${1 << ib} codebook entries); cluster to fewer values or widen indexBits`;
  }
  const index = new Map(codebook.map((v, i) => [v, i]));
  const idx = values.map((v) => index.get(v)!);
  return { kind: 'sparseClustered', gapBits, indexBits: ib, codebook: Int8Array.from(codebook), indices: packBits(idx, ib), gaps: packBits(gaps, gapBits), rowCounts };
}

/** Fixed-width flash bytes of the storage (indices + gaps + codebook + uint16 row counts). */
function plainBytes(s: SparseClusteredStorage): number {
  return s.indices.length + s.gaps.length + s.codebook.length + 2 * s.rowCounts.length;
}

/**
 * Encodes an int8 weight tensor (already pruned and clustered: few distinct nonzero values) in sparse-clustered
 * form: rows = axis 0, a row = the product of the other axes (dense [OUT, IN], conv2d [O, KH, KW, I]).
 * @param w the weights
 * @param shape the tensor's shape
 * @param opts gap and index widths
 * @throws Error when the distinct nonzero values (plus the filler 0) exceed 2^indexBits, or on a bad shape
 */
export function encodeSparseClustered(w: Int8Array, shape: readonly number[], opts: SparseClusteredOptions = {}): SparseClusteredStorage {
  sparseRows(shape, w.length, 'encodeSparseClustered');
  const nonzero = [...new Set(w)].filter((v) => v !== 0).sort((a, b) => a - b);
  if (opts.indexBits !== undefined && (!Number.isInteger(opts.indexBits) || opts.indexBits < 1 || opts.indexBits > 8)) {
    throw new Error(`encodeSparseClustered: indexBits must be 1..8, got ${opts.indexBits}`);
  }
  const g = opts.gapBits ?? 'auto';
  if (g !== 'auto') {
    const s = encodeWith(w, shape, g, nonzero, opts.indexBits);
    if (typeof s === 'string') throw new Error(s);
    return s;
  }
  let best: SparseClusteredStorage | undefined;
  let why = '';
  for (let gb = 1; gb <= 8; gb++) {
    const s = encodeWith(w, shape, gb, nonzero, opts.indexBits);
    if (typeof s === 'string') why = s;
    else if (!best || plainBytes(s) < plainBytes(best)) best = s;
  }
  if (!best) throw new Error(why);
  return best;
}

/** Number of entries (kept weights plus fillers) of the storage. */
export function sparseClusteredEntries(s: SparseClusteredStorage): number {
  return s.rowCounts.reduce((a, b) => a + b, 0);
}

/**
 * Decodes sparse-clustered storage to the int8 weights of a tensor of this shape.
 * @throws Error on an entry outside its row or an index past the codebook (corrupt storage)
 */
export function decodeSparseClustered(s: SparseClusteredStorage, shape: readonly number[]): Int8Array {
  const n = sparseClusteredEntries(s);
  const out = new Int8Array(shape.reduce((a, b) => a * b, 1));
  const pos = entryPositions(unpackBits(s.gaps, s.gapBits, n), s.rowCounts, shape, 'decodeSparseClustered');
  const idx = unpackBits(s.indices, s.indexBits, n);
  pos.forEach((p, e) => {
    if (idx[e] >= s.codebook.length) throw new Error(`decodeSparseClustered: index ${idx[e]} at entry ${e} is past the ${s.codebook.length}-entry codebook`);
    out[p] = s.codebook[idx[e]];
  });
  return out;
}
