/**
 * Clustered (weight-shared) storage, as in Deep Compression §3: every weight is replaced by the index of its
 * cluster, `bits` bits each, packed LSB-first over the row-major [OUT, IN] matrix ({@link packBits}), and an int8
 * codebook of at most 2^bits centroids maps indices back to weights. Clustering happens in the quantized domain,
 * so the codebook holds the int8 values the reference and the kernel both multiply by.
 */
import { packBits, unpackBits } from './bits';
import { ClusteredStorage } from '../types';

export type { ClusteredStorage };


/**
 * Encodes an int8 tensor that takes at most 2^bits distinct values (its codebook is those values, ascending).
 * @param w the weights (already clustered: few distinct values)
 * @param bits index width; default the fewest bits that index every distinct value
 * @throws Error when the tensor has more than 2^bits distinct values
 */
export function encodeClustered(w: Int8Array, bits?: number): ClusteredStorage {
  const distinct = [...new Set(w)].sort((a, b) => a - b);
  const need = Math.max(1, Math.ceil(Math.log2(Math.max(distinct.length, 1))));
  const b = bits ?? need;
  if (!Number.isInteger(b) || b < 1 || b > 8) throw new Error(`encodeClustered: bits must be 1..8, got ${b}`);
  if (distinct.length > 1 << b) throw new Error(`encodeClustered: ${distinct.length} distinct weights do not fit a ${b}-bit codebook`);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const idx = Uint8Array.from(w, (v) => index.get(v)!);
  return { kind: 'clustered', bits: b, codebook: Int8Array.from(distinct), indices: packBits(idx, b) };
}

/**
 * Decodes clustered storage to its `n` int8 weights.
 * @throws Error on an index past the codebook (corrupt storage)
 */
export function decodeClustered(s: ClusteredStorage, n: number): Int8Array {
  const idx = unpackBits(s.indices, s.bits, n);
  return Int8Array.from(idx, (k, i) => {
    if (k >= s.codebook.length) throw new Error(`decodeClustered: index ${k} at ${i} is past the ${s.codebook.length}-entry codebook`);
    return s.codebook[k];
  });
}
