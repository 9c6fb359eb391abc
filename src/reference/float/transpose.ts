import { OpAttrsByKind } from '../../ir/types';
import { checkLength, size } from './common';
import { FloatKernel } from '../kernel';

/**
 * Permutes the axes of a tensor, matching `tinyfit_transpose_f32`: `out.shape[i] = in.shape[perm[i]]`.
 *
 * @param x input data
 * @param xShape shape of `x`
 * @param attrs the permutation
 * @returns the permuted data (shape `perm.map(i => xShape[i])`)
 */
export function transpose(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['transpose']): Float32Array {
  const { perm } = attrs;
  const rank = xShape.length;
  if (perm.length !== rank) throw new Error(`internal: permutation [${perm}] does not fit shape [${xShape}]`);
  checkLength('transpose input', x, xShape);
  const n = size(xShape);
  const out = new Float32Array(n);
  if (n === 0) return out;
  // Input strides, then the stride in the input of each output axis.
  const inStride = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStride[i] = s;
    s *= xShape[i];
  }
  const outShape = perm.map((p) => xShape[p]);
  const step = perm.map((p) => inStride[p]);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = x[src];
    // Increment the output multi-index (row-major) and track the input offset.
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      src += step[a];
      if (idx[a] < outShape[a]) break;
      src -= step[a] * outShape[a];
      idx[a] = 0;
    }
  }
  return out;
}

/** The interpreter's entry for the transpose op. */
export const transposeOp: FloatKernel<'transpose'> = (op, ins, shapes) => transpose(ins[0], shapes[0], op.attrs);
