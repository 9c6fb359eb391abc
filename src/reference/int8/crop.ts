/**
 * Int8 spatial crop: the input's quantization parameters are the output's, so the float reference op runs on the int8
 * values widened to float32 (exact) and narrowed back (exact): the semantics are the float op's by construction.
 */
import { Pad2D } from '../../ir/types';
import { crop } from '../float/crop';
import { Int8Kernel } from '../kernel';

const widen = (x: Int8Array): Float32Array => Float32Array.from(x);
const narrow = (y: Float32Array): Int8Array => Int8Array.from(y);

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

/** The interpreter's entry for the crop op. */
export const cropOp: Int8Kernel<'crop'> = (op, io) => cropInt8(io.x(0), io.t(0).shape, op.attrs.crop);
