/**
 * Int8 TRANSPOSE: the input's quantization parameters are the output's, so the float reference op runs on the int8
 * values widened to float32 (exact) and narrowed back (exact): the semantics are the float op's by construction.
 */
import { transpose } from '../float/transpose';
import { Int8Kernel } from '../kernel';

const widen = (x: Int8Array): Float32Array => Float32Array.from(x);
const narrow = (y: Float32Array): Int8Array => Int8Array.from(y);

/**
 * Int8 TRANSPOSE, as the float op: `out.shape[i] = shape[perm[i]]` (reference of `tinyfit_transpose_s8`).
 * @param x input, int8
 * @param shape its shape
 * @param perm the permutation
 * @returns the permuted data, int8
 */
export function transposeInt8(x: Int8Array, shape: readonly number[], perm: number[]): Int8Array {
  return narrow(transpose(widen(x), shape, { perm }));
}

/** The interpreter's entry for the transpose op. */
export const transposeOp: Int8Kernel<'transpose'> = (op, io) => transposeInt8(io.x(0), io.t(0).shape, op.attrs.perm);
