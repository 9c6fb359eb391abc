/** Permutation of axes (Keras Permute, TFLite TRANSPOSE). */
import { NO_MACS, OpDef, Shapes, opFail } from './def';

/** out.shape[i] = in.shape[perm[i]] (batch excluded). */
export interface TransposeAttrs {
  perm: number[];
}

/** Largest rank the C kernels permute. */
const MAX_RANK = 6;

export const transpose: OpDef<'transpose'> = {
  summary: 'permutes the axes: out.shape[i] = in.shape[perm[i]]',
  arity: [1, 1],
  shape(op, [x]: Shapes) {
    const p = op.attrs.perm;
    const ok = Array.isArray(p) && p.length === x.length && [...p].sort((a, b) => a - b).every((v, i) => v === i);
    if (!ok) opFail(op, `attribute 'perm' must be a permutation of 0..${x.length - 1}, got [${p}] for shape [${x}]`);
    if (x.length > MAX_RANK) opFail(op, `input rank ${x.length} is above the ${MAX_RANK} the kernels permute`);
    return p.map((i) => x[i]);
  },
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: ['transpose_f32'], int8: ['transpose_s8'] },
};
