/** Nearest-neighbour upsampling (Keras UpSampling1D/2D). */
import { NO_MACS, OpDef, Shapes, checkFitsInt, checkPair, expectRank } from './def';

export interface UpsampleAttrs {
  scale: [number, number];
}

export const upsample: OpDef<'upsample'> = {
  summary: 'repeats every pixel scale[0]×scale[1] times',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    expectRank(op, x, 3);
    checkPair(op, 'scale', op.attrs.scale, 1);
    const out = [x[0] * op.attrs.scale[0], x[1] * op.attrs.scale[1], x[2]];
    checkFitsInt(op, 'output elements', out[0] * out[1] * out[2]);
    return out;
  },
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['upsample_nearest_f32'], int8: ['upsample_nearest_s8'] },
};
