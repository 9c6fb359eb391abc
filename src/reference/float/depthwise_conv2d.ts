import { OpAttrsByKind } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { checkLength, clampValue } from './common';
import { FloatKernel } from '../kernel';

/**
 * Depthwise 2-D convolution of an HWC tensor, matching `tinyfit_depthwise_conv2d_f32`.
 * Output channel `oc = ic * mult + m` reads input channel `ic`.
 *
 * @param x input `[H, W, Cin]`
 * @param xShape `[H, W, Cin]`
 * @param w weights `[1, KH, KW, Cin·mult]`
 * @param wShape `[1, KH, KW, Cin·mult]`
 * @param bias `[Cin·mult]` or undefined
 * @param attrs strides, dilations, explicit padding (outside cells read as 0), depth multiplier, fused clamp
 * @returns output `[OH, OW, Cin·mult]`
 */
export function depthwiseConv2d(
  x: Float32Array,
  xShape: readonly number[],
  w: Float32Array,
  wShape: readonly number[],
  bias: Float32Array | undefined,
  attrs: OpAttrsByKind['depthwise_conv2d'],
): Float32Array {
  const [ih, iw, ic] = xShape;
  const [, kh, kw, oc] = wShape;
  const mult = attrs.depthMultiplier;
  if (oc !== ic * mult) throw new Error(`internal: depthwise kernel has ${oc} channels, expected ${ic}×${mult}`);
  checkLength('depthwise input', x, xShape);
  checkLength('depthwise weights', w, wShape);
  if (bias) checkLength('depthwise bias', bias, [oc]);
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, kh, sh, dh, top, bottom);
  const ow = windowOut(iw, kw, sw, dw, left, right);
  const out = new Float32Array(oh * ow * oc);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const obase = (oy * ow + ox) * oc;
      for (let c = 0; c < ic; c++) {
        for (let m = 0; m < mult; m++) {
          const o = c * mult + m;
          let acc = bias ? bias[o] : 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= ih) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - left + kx * dw;
              if (ix < 0 || ix >= iw) continue;
              acc += x[(iy * iw + ix) * ic + c] * w[(ky * kw + kx) * oc + o];
            }
          }
          out[obase + o] = clampValue(acc, attrs.clamp);
        }
      }
    }
  }
  return out;
}

/** The interpreter's entry for the depthwise_conv2d op. */
export const depthwiseConv2dOp: FloatKernel<'depthwise_conv2d'> = (op, ins, shapes) => depthwiseConv2d(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
