/**
 * Sparse weight storage with relative indices, as in Deep Compression (Han et al., ICLR 2016, §3): per output
 * row, only the nonzero weights are kept, each with the number of zeros skipped since the previous kept entry
 * (the row start counts as position −1) in `gapBits` bits. When a run of zeros is longer than the largest gap
 * (2^gapBits − 1), a filler entry of value 0 is stored at the farthest reachable position and the run continues
 * from there. The entries of all rows are concatenated; `rowCounts[o]` says how many belong to row o, so a
 * kernel walks rows in order without a pointer table.
 *
 *     position(entry) = position(previous entry in the row) + 1 + gap(entry)
 */
import { packBits, unpackBits } from './bits';
import { SparseStorage } from '../types';

export type { SparseStorage };


/** The relative-index entries of a tensor's rows (shared by the sparse and sparse-clustered formats). */
export interface RowEntries {
  /** Weight of each entry, row after row (0 for a filler). */
  values: number[];
  /** Zeros skipped before each entry. */
  gaps: number[];
  /** Entries per row. */
  rowCounts: Uint16Array;
}

/**
 * Rows and row length of a weight tensor as the sparse formats see it: rows = axis 0 (output channels), a row =
 * the product of the other axes in the tensor's own layout (dense [OUT, IN]: IN; conv2d [O, KH, KW, I]: KH·KW·I).
 * @throws Error when the shape does not match the weights or a row exceeds the 16-bit row counts
 */
export function sparseRows(shape: readonly number[], n: number, who: string): [number, number] {
  const outN = shape[0] ?? 0;
  const rowN = shape.slice(1).reduce((a, b) => a * b, 1);
  if (shape.length < 2 || outN * rowN !== n) throw new Error(`${who}: shape [${shape}] does not match ${n} weights`);
  if (rowN > 0xffff) throw new Error(`${who}: rows of ${rowN} weights exceed the 16-bit row counts`);
  return [outN, rowN];
}

/**
 * The relative-index entries of `w` with gaps of at most 2^gapBits − 1 (filler entries of weight 0 in longer runs).
 * @param w the weights, rows = axis 0 ({@link sparseRows})
 * @param shape the tensor's shape
 * @param gapBits 1..8
 */
export function rowEntries(w: Int8Array, shape: readonly number[], gapBits: number, who = 'rowEntries'): RowEntries {
  if (!Number.isInteger(gapBits) || gapBits < 1 || gapBits > 8) throw new Error(`${who}: gapBits must be 1..8, got ${gapBits}`);
  const [outN, inN] = sparseRows(shape, w.length, who);
  const maxGap = (1 << gapBits) - 1;
  const values: number[] = [];
  const gaps: number[] = [];
  const rowCounts = new Uint16Array(outN);
  for (let o = 0; o < outN; o++) {
    const start = values.length;
    let prev = -1;
    for (let i = 0; i < inN; i++) {
      const v = w[o * inN + i];
      if (v === 0) continue;
      let d = i - prev - 1;
      while (d > maxGap) {
        gaps.push(maxGap);
        values.push(0);
        d -= maxGap + 1;
      }
      gaps.push(d);
      values.push(v);
      prev = i;
    }
    rowCounts[o] = values.length - start;
  }
  return { values, gaps, rowCounts };
}

/**
 * Positions (flat, into the tensor) of the entries that `rowCounts` and the unpacked `gaps` describe.
 * @throws Error when an entry falls outside its row or the counts do not cover the entries (corrupt storage)
 */
export function entryPositions(gaps: ArrayLike<number>, rowCounts: Uint16Array, shape: readonly number[], who: string): Int32Array {
  const outN = shape[0];
  const inN = shape.slice(1).reduce((a, b) => a * b, 1);
  const pos = new Int32Array(gaps.length);
  let e = 0;
  for (let o = 0; o < outN; o++) {
    let p = -1;
    for (let k = 0; k < rowCounts[o]; k++, e++) {
      p += 1 + gaps[e];
      if (p >= inN) throw new Error(`${who}: entry ${e} lands at ${p}, past row ${o}'s ${inN} weights`);
      pos[e] = o * inN + p;
    }
  }
  if (e !== gaps.length) throw new Error(`${who}: row counts cover ${e} of ${gaps.length} entries`);
  return pos;
}

/**
 * Encodes an int8 weight tensor (rows = axis 0, see {@link sparseRows}) in relative-index sparse form.
 * @param w the weights
 * @param shape `[OUT, IN]` (or any shape: rows = axis 0)
 * @param gapBits 1..8 bits per gap (4: two per byte; 8: one per byte)
 * @throws Error on a bad shape or a row longer than 65535
 */
export function encodeSparse(w: Int8Array, shape: readonly number[], gapBits = 4): SparseStorage {
  const { values, gaps, rowCounts } = rowEntries(w, shape, gapBits, 'encodeSparse');
  return { kind: 'sparse', gapBits, values: Int8Array.from(values), gaps: packBits(gaps, gapBits), rowCounts };
}

/**
 * Decodes sparse storage back to the dense int8 matrix.
 * @param s the storage
 * @param shape `[OUT, IN]`
 * @throws Error when an entry falls outside its row (corrupt storage)
 */
export function decodeSparse(s: SparseStorage, shape: readonly number[]): Int8Array {
  const out = new Int8Array(shape.reduce((a, b) => a * b, 1));
  const pos = entryPositions(unpackBits(s.gaps, s.gapBits, s.values.length), s.rowCounts, shape, 'decodeSparse');
  pos.forEach((p, e) => (out[p] = s.values[e]));
  return out;
}
