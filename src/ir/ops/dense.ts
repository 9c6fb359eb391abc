/** Fully connected layer over the last axis (Keras Dense, TFLite FULLY_CONNECTED). */
import { numel } from '../shapes';
import type { FusedClamp } from '../types';
import { OpDef, Shapes, checkClamp, expectRank, opFail } from './def';

/** inputs: x[..., IN], w[OUT, IN], bias[OUT]?; leading axes of x are rows. */
export interface DenseAttrs {
  clamp: FusedClamp;
}

export const dense: OpDef<'dense'> = {
  summary: 'y[r] = clamp(w · x[r] + bias) for every row r of the last axis',
  arity: [2, 3],
  shape(op, [x, w, bias]: Shapes) {
    if (x.length < 1) opFail(op, 'input must have rank ≥ 1');
    expectRank(op, w, 2, 'weights');
    checkClamp(op, op.attrs.clamp);
    if (w[1] !== x[x.length - 1]) opFail(op, `weights expect ${w[1]} inputs, input has ${x[x.length - 1]}`);
    if (bias && numel(bias) !== w[0]) opFail(op, `bias has ${numel(bias)} values, expected ${w[0]}`);
    return [...x.slice(0, -1), w[0]];
  },
  memory: {},
  fusesClamp: true,
  fusesPadding: false,
  weightChannelAxis: 0,
  compressedWeights: true,
  quant: { output: 'free', weights: { perChannel: 'dense' } },
  macs: (_op, [, w], out) => (numel(out) / w[0]) * w[0] * w[1],
  kernels: { float: ['dense_f32', 'dense_f16w_f32', 'dense_i8w_f32'], int8: ['dense_s8', 'dense_sparse_s8', 'dense_clustered_s8', 'dense_sparse_clustered_s8', 'dense_s4'] },
};
