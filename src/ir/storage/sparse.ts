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


/**
 * Encodes an int8 weight matrix [OUT, IN] (row-major) in relative-index sparse form.
 * @param w the weights
 * @param shape `[OUT, IN]`
 * @param gapBits 4 or 8 bits per gap
 * @throws Error on a bad shape or IN > 65535
 */
export function encodeSparse(w: Int8Array, shape: readonly number[], gapBits: 4 | 8 = 4): SparseStorage {
  const [outN, inN] = shape;
  if (shape.length !== 2 || outN * inN !== w.length) throw new Error(`encodeSparse: shape [${shape}] does not match ${w.length} weights`);
  if (inN > 0xffff) throw new Error(`encodeSparse: rows of ${inN} weights exceed the 16-bit row counts`);
  if (gapBits !== 4 && gapBits !== 8) throw new Error(`encodeSparse: gapBits must be 4 or 8, got ${gapBits}`);
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
  return { kind: 'sparse', gapBits, values: Int8Array.from(values), gaps: packBits(gaps, gapBits), rowCounts };
}

/**
 * Decodes sparse storage back to the dense int8 matrix.
 * @param s the storage
 * @param shape `[OUT, IN]`
 * @throws Error when an entry falls outside its row (corrupt storage)
 */
export function decodeSparse(s: SparseStorage, shape: readonly number[]): Int8Array {
  const [outN, inN] = shape;
  const out = new Int8Array(outN * inN);
  const gaps = unpackBits(s.gaps, s.gapBits, s.values.length);
  let e = 0;
  for (let o = 0; o < outN; o++) {
    let pos = -1;
    for (let k = 0; k < s.rowCounts[o]; k++, e++) {
      pos += 1 + gaps[e];
      if (pos >= inN) throw new Error(`decodeSparse: entry ${e} lands at ${pos}, past row ${o}'s ${inN} weights`);
      out[o * inN + pos] = s.values[e];
    }
  }
  if (e !== s.values.length) throw new Error(`decodeSparse: row counts cover ${e} of ${s.values.length} entries`);
  return out;
}
