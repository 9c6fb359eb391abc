/** Parametric ReLU with learned slopes (Keras PReLU, TFLite PRELU). */
import { numel } from '../shapes';
import { NO_MACS, OpDef, Shapes, opFail } from './def';

/** inputs: x, alpha; alpha repeats over x when its size divides x's trailing block. */
export type PreluAttrs = Record<string, never>;

export const prelu: OpDef<'prelu'> = {
  summary: 'y = x > 0 ? x : alpha[i mod |alpha|]·x',
  arity: [2, 2],
  shape(op, [x, al]: Shapes) {
    const an = numel(al);
    if (an === 0 || numel(x) % an !== 0) opFail(op, `alpha of shape [${al}] does not broadcast to [${x}]`);
    return [...x];
  },
  memory: { inPlace: 'first' },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'free', constOperands: true },
  macs: NO_MACS,
  kernels: { float: ['prelu_f32'], int8: ['prelu_s8'] },
};
