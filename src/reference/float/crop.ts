import { OpAttrsByKind } from '../../ir/types';
import { checkLength } from './common';
import { FloatKernel } from '../kernel';

/**
 * Crops an HWC tensor spatially, matching `tinyfit_crop_f32`.
 *
 * @param x input `[H, W, C]`
 * @param xShape `[H, W, C]`
 * @param attrs rows/columns to remove on each side
 * @returns output `[H − top − bottom, W − left − right, C]`
 */
export function crop(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['crop']): Float32Array {
  const [h, w, c] = xShape;
  checkLength('crop input', x, xShape);
  const { top, left, bottom, right } = attrs.crop;
  const oh = h - top - bottom;
  const ow = w - left - right;
  if (oh <= 0 || ow <= 0) throw new Error(`internal: crop ${JSON.stringify(attrs.crop)} removes all of [${xShape}]`);
  const out = new Float32Array(oh * ow * c);
  for (let y = 0; y < oh; y++) {
    const src = ((y + top) * w + left) * c;
    out.set(x.subarray(src, src + ow * c), y * ow * c);
  }
  return out;
}

/** The interpreter's entry for the crop op. */
export const cropOp: FloatKernel<'crop'> = (op, ins, shapes) => crop(ins[0], shapes[0], op.attrs);
