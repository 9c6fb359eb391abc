import { OpAttrsByKind } from '../../ir/types';
import { checkLength, clampValue, size } from './common';
import { FloatKernel } from '../kernel';

/**
 * Fully connected layer over the last axis, matching `tinyfit_dense_f32`: every leading index is a row.
 *
 * @param x input `[..., IN]`
 * @param xShape shape of `x` (rank ≥ 1)
 * @param w weights, OI `[OUT, IN]`
 * @param wShape `[OUT, IN]`
 * @param bias `[OUT]` or undefined
 * @param attrs fused clamp
 * @returns output `[..., OUT]`
 */
export function dense(
  x: Float32Array,
  xShape: readonly number[],
  w: Float32Array,
  wShape: readonly number[],
  bias: Float32Array | undefined,
  attrs: OpAttrsByKind['dense'],
): Float32Array {
  const [outN, inN] = wShape;
  if (xShape[xShape.length - 1] !== inN) throw new Error(`internal: dense weights expect ${inN} inputs, input shape is [${xShape}]`);
  checkLength('dense input', x, xShape);
  checkLength('dense weights', w, wShape);
  if (bias) checkLength('dense bias', bias, [outN]);
  const rows = size(xShape) / inN;
  const out = new Float32Array(rows * outN);
  for (let r = 0; r < rows; r++) {
    const xb = r * inN;
    for (let o = 0; o < outN; o++) {
      let acc = bias ? bias[o] : 0;
      const wb = o * inN;
      for (let i = 0; i < inN; i++) acc += x[xb + i] * w[wb + i];
      out[r * outN + o] = clampValue(acc, attrs.clamp);
    }
  }
  return out;
}

/** The interpreter's entry for the dense op. */
export const denseOp: FloatKernel<'dense'> = (op, ins, shapes) => dense(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
