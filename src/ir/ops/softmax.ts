/** Softmax along one axis (Keras Softmax / softmax activation, TFLite SOFTMAX). */
import { NO_MACS, OpDef, Shapes, checkInts, opFail } from './def';
import { LOGISTIC_OUTPUT } from './activation';

/** Softmax along `axis` of exp(β·x); β (TFLite's `beta`, default 1) is read by the int8 path only (float graphs scale first). */
export interface SoftmaxAttrs {
  axis: number;
  beta?: number;
}

export const softmax: OpDef<'softmax'> = {
  summary: 'y = exp(β·x) / Σ exp(β·x) along one axis',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    checkInts(op, 'axis', [op.attrs.axis], -x.length, x.length - 1);
    const b = op.attrs.beta;
    if (b !== undefined && !(Number.isFinite(b) && b > 0)) opFail(op, `attribute 'beta' must be a finite number > 0, got ${b}`);
    return [...x];
  },
  memory: { inPlace: 'first' },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: () => LOGISTIC_OUTPUT },
  macs: NO_MACS,
  kernels: { float: ['softmax_f32'], int8: ['softmax_s8'] },
};
