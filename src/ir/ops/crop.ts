/** Spatial cropping (Keras Cropping1D/2D). */
import type { Pad2D } from '../types';
import { NO_MACS, OpDef, Shapes, checkPad, expectRank, opFail } from './def';

/** Removes `top` rows, `left` columns, ... of an HWC tensor. */
export interface CropAttrs {
  crop: Pad2D;
}

export const crop: OpDef<'crop'> = {
  summary: 'removes rows and columns at the borders of an HWC tensor',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    expectRank(op, x, 3);
    checkPad(op, 'crop', op.attrs.crop);
    const c = op.attrs.crop;
    const h = x[0] - c.top - c.bottom;
    const w = x[1] - c.left - c.right;
    if (h <= 0 || w <= 0) opFail(op, `cropping ${JSON.stringify(c)} removes all of [${x}]`);
    return [h, w, x[2]];
  },
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['crop_f32'], int8: ['crop_s8'] },
};
