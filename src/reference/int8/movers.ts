/**
 * Int8 data-movement ops (input and output share their quantization parameters): the float reference ops run
 * on the int8 values widened to float32 (exact) and narrowed back (exact), so the semantics are those of the
 * float ops by construction.
 */
import { Pad2D } from '../../ir/types';
import { crop } from '../ops/crop';
import { transpose } from '../ops/transpose';
import { upsample } from '../ops/upsample';

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

/**
 * Int8 spatial crop of an HWC tensor, as the float op (reference of `tinyfit_crop_s8`).
 * @param x input `[H, W, C]`, int8
 * @param shape `[H, W, C]`
 * @param c rows/columns removed on each side
 * @returns output `[H − top − bottom, W − left − right, C]`, int8
 */
export function cropInt8(x: Int8Array, shape: readonly number[], c: Pad2D): Int8Array {
  return narrow(crop(widen(x), shape, { crop: c }));
}

/**
 * Int8 nearest-neighbour upsampling of an HWC tensor, as the float op (reference of `tinyfit_upsample_nearest_s8`).
 * @param x input `[H, W, C]`, int8
 * @param shape `[H, W, C]`
 * @param scale `[scaleH, scaleW]`
 * @returns output `[H·scaleH, W·scaleW, C]`, int8
 */
export function upsampleInt8(x: Int8Array, shape: readonly number[], scale: [number, number]): Int8Array {
  return narrow(upsample(widen(x), shape, { scale }));
}
