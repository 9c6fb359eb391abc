/**
 * Int8 nearest-neighbour upsampling: the input's quantization parameters are the output's, so the float reference op runs on the int8
 * values widened to float32 (exact) and narrowed back (exact): the semantics are the float op's by construction.
 */
import { upsample } from '../float/upsample';
import { Int8Kernel } from '../kernel';

const widen = (x: Int8Array): Float32Array => Float32Array.from(x);
const narrow = (y: Float32Array): Int8Array => Int8Array.from(y);

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

/** The interpreter's entry for the upsample op. */
export const upsampleOp: Int8Kernel<'upsample'> = (op, io) => upsampleInt8(io.x(0), io.t(0).shape, op.attrs.scale);
