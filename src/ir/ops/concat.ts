/** Concatenation along one axis (Keras Concatenate, TFLite CONCATENATION); zero-copy when producers write their slices. */
import { normAxis } from '../shapes';
import { NO_MACS, OpDef, Shapes, checkInts, opFail } from './def';

/** Concatenate all inputs along `axis`. */
export interface ConcatAttrs {
  axis: number;
}

export const concat: OpDef<'concat'> = {
  summary: 'joins its inputs along one axis',
  arity: [1, Infinity],
  shape(op, ins: Shapes) {
    const rank = ins[0].length;
    checkInts(op, 'axis', [op.attrs.axis], -rank, rank - 1);
    const ax = normAxis(op.attrs.axis, rank);
    const out = [...ins[0]];
    out[ax] = 0;
    for (const s of ins) {
      if (s.length !== rank || s.some((d, i) => i !== ax && d !== ins[0][i])) {
        opFail(op, `inputs [${ins.map((x) => `[${x}]`).join(', ')}] do not match except on axis ${ax}`);
      }
      out[ax] += s[ax];
    }
    return out;
  },
  memory: { stridedInput: () => true, stridedOutput: () => true },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'free', constOperands: true },
  macs: NO_MACS,
  kernels: { float: ['concat_f32', 'concat_slice_f32'], int8: ['concat_s8', 'concat_slice_s8', 'concat_slice_requant_s8'] },
};
