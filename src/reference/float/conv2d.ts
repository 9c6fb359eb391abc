import { OpAttrsByKind } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { checkLength, clampValue } from './common';
import { FloatKernel } from '../kernel';
import { affine } from './affine';

/**
 * 2-D convolution of an HWC tensor, matching `tinyfit_conv2d_f32`.
 *
 * @param x input, shape `[H, W, Cin]`
 * @param xShape `[H, W, Cin]`
 * @param w weights, OHWI `[Cout, KH, KW, Cin]`
 * @param wShape `[Cout, KH, KW, Cin]`
 * @param bias `[Cout]` or undefined
 * @param attrs strides, dilations, explicit padding (cells outside the input read as 0) and fused clamp
 * @returns output `[OH, OW, Cout]`, row-major
 */
export function conv2d(
  x: Float32Array,
  xShape: readonly number[],
  w: Float32Array,
  wShape: readonly number[],
  bias: Float32Array | undefined,
  attrs: OpAttrsByKind['conv2d'],
): Float32Array {
  const [ih, iw, ic] = xShape;
  const [oc, kh, kw, wic] = wShape;
  if (wic !== ic) throw new Error(`internal: conv2d kernel has ${wic} input channels, input has ${ic}`);
  checkLength('conv2d input', x, xShape);
  checkLength('conv2d weights', w, wShape);
  if (bias) checkLength('conv2d bias', bias, [oc]);
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, kh, sh, dh, top, bottom);
  const ow = windowOut(iw, kw, sw, dw, left, right);
  const out = new Float32Array(oh * ow * oc);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const obase = (oy * ow + ox) * oc;
      for (let o = 0; o < oc; o++) {
        let acc = bias ? bias[o] : 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= ih) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= iw) continue;
            const xb = (iy * iw + ix) * ic;
            const wb = ((o * kh + ky) * kw + kx) * ic;
            for (let c = 0; c < ic; c++) acc += x[xb + c] * w[wb + c];
          }
        }
        out[obase + o] = clampValue(acc, attrs.clamp);
      }
    }
  }
  return out;
}

/** The interpreter's entry for the conv2d op. */
export const conv2dOp: FloatKernel<'conv2d'> = (op, ins, shapes) => {
  if (op.attrs.pre) {
    // Fused pre-activation: BN-ReLU of the input (channel axis), then the convolution (which pads with 0).
    const x = affine(ins[0], shapes[0], ins[3], ins[4], { axis: -1, clamp: op.attrs.pre.clamp });
    return conv2d(x, shapes[0], ins[1], shapes[1], ins[2], op.attrs);
  }
  return conv2d(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
};
