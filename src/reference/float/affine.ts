import { OpAttrsByKind } from '../../ir/types';
import { checkLength, clampValue, splitAxis } from './common';
import { FloatKernel } from '../kernel';

/**
 * Per-channel affine transform (a standalone BatchNorm), matching `tinyfit_affine_f32`:
 * `y = x·scale[c] + shift[c]` where `c` is the index along `attrs.axis`, then the fused clamp.
 *
 * @param x input data
 * @param xShape shape of `x`
 * @param scale `[C]`, C = xShape[axis]
 * @param shift `[C]`
 * @param attrs axis (may be negative) and fused clamp
 * @returns output, same shape as `x`
 */
export function affine(
  x: Float32Array,
  xShape: readonly number[],
  scale: Float32Array,
  shift: Float32Array,
  attrs: OpAttrsByKind['affine'],
): Float32Array {
  const [outer, c, inner] = splitAxis(xShape, attrs.axis);
  checkLength('affine input', x, xShape);
  checkLength('affine scale', scale, [c]);
  checkLength('affine shift', shift, [c]);
  const out = new Float32Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (o * c + ch) * inner;
      const s = scale[ch];
      const b = shift[ch];
      for (let i = 0; i < inner; i++) out[base + i] = clampValue(x[base + i] * s + b, attrs.clamp);
    }
  }
  return out;
}

/** The interpreter's entry for the affine op. */
export const affineOp: FloatKernel<'affine'> = (op, ins, shapes) => affine(ins[0], shapes[0], ins[1], ins[2], op.attrs);
