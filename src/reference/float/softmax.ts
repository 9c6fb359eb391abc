import { OpAttrsByKind } from '../../ir/types';
import { checkLength, splitAxis } from './common';
import { FloatKernel } from '../kernel';

/**
 * Softmax along any axis, matching `tinyfit_softmax_f32` (the maximum is subtracted first).
 *
 * @param x input data
 * @param xShape shape of `x`
 * @param attrs the axis (may be negative)
 * @returns output, same shape as `x`
 */
export function softmax(x: Float32Array, xShape: readonly number[], attrs: OpAttrsByKind['softmax']): Float32Array {
  const [outer, n, inner] = splitAxis(xShape, attrs.axis);
  checkLength('softmax input', x, xShape);
  const out = new Float32Array(x.length);
  const e = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0; k < n; k++) max = Math.max(max, x[base + k * inner]);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        e[k] = Math.exp(x[base + k * inner] - max);
        sum += e[k];
      }
      for (let k = 0; k < n; k++) out[base + k * inner] = e[k] / sum;
    }
  }
  return out;
}

/** The interpreter's entry for the softmax op. */
export const softmaxOp: FloatKernel<'softmax'> = (op, ins, shapes) => softmax(ins[0], shapes[0], op.attrs);
