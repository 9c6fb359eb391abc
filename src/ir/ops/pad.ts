/** Spatial zero padding (Keras ZeroPadding1D/2D, TFLite PAD); folded into a following convolution when possible. */
import type { Pad2D } from '../types';
import { NO_MACS, OpDef, Shapes, checkFitsInt, checkPad, expectRank } from './def';

export interface PadAttrs {
  pad: Pad2D;
}

export const pad: OpDef<'pad'> = {
  summary: 'surrounds an HWC tensor with zeros (int8: the zero point)',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    expectRank(op, x, 3);
    checkPad(op, 'pad', op.attrs.pad);
    const p = op.attrs.pad;
    const out = [x[0] + p.top + p.bottom, x[1] + p.left + p.right, x[2]];
    checkFitsInt(op, 'output elements', out[0] * out[1] * out[2]);
    return out;
  },
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['pad_f32'], int8: ['pad_s8'] },
};
