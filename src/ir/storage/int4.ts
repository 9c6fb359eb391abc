/**
 * int4 weight storage: two signed 4-bit weights per byte, packed over the whole [OUT, IN] matrix in row-major
 * order, element 2k in the low nibble of byte k and element 2k+1 in the high nibble — the packing of CMSIS-NN's
 * s4 kernels (arm_fully_connected_s4) and of TFLite's packed int4 tensors. Rows need not start on a byte.
 */
import { packBits, unpackBits } from './bits';
import { Int4Storage } from '../types';

export type { Int4Storage };


/**
 * Packs int8 weights into int4 storage.
 * @throws Error when a weight lies outside [−8, 7] (quantize to 4 bits first)
 */
export function encodeInt4(w: Int8Array): Int4Storage {
  const nib = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    if (w[i] < -8 || w[i] > 7) throw new Error(`encodeInt4: weight ${w[i]} at ${i} is outside the int4 range [-8, 7]`);
    nib[i] = w[i] & 15;
  }
  return { kind: 'int4', packed: packBits(nib, 4) };
}

/** The `n` int8 weights int4 storage decodes to (sign-extended nibbles). */
export function decodeInt4(s: Int4Storage, n: number): Int8Array {
  const nib = unpackBits(s.packed, 4, n);
  return Int8Array.from(nib, (v) => (v << 28) >> 28);
}
