import { OpAttrsByKind } from '../../ir/types';
import { checkLength } from './common';
import { FloatKernel } from '../kernel';

/**
 * Zero-pads an HWC tensor spatially, matching `tinyfit_pad_f32`.
 *
 * @param x input `[H, W, C]`
 * @param xShape `[H, W, C]`
 * @param attrs rows/columns of zeros to add on each side
 * @returns output `[H + top + bottom, W + left + right, C]`
 */
export function pad(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['pad']): Float32Array {
  const [h, w, c] = xShape;
  checkLength('pad input', x, xShape);
  const { top, left, bottom, right } = attrs.pad;
  const oh = h + top + bottom;
  const ow = w + left + right;
  const out = new Float32Array(oh * ow * c);
  for (let y = 0; y < h; y++) {
    out.set(x.subarray(y * w * c, (y + 1) * w * c), ((y + top) * ow + left) * c);
  }
  return out;
}

/** The interpreter's entry for the pad op. */
export const padOp: FloatKernel<'pad'> = (op, ins, shapes) => pad(ins[0], shapes[0], op.attrs);
