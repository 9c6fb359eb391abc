import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { RequantOptions } from '../../arith/rounding';
import { checkLength } from './common';
import { prepareDepthwise, requantOutput } from './prepare';
import { Int8Kernel } from '../kernel';

/**
 * Int8 depthwise 2-D convolution of an HWC tensor with TFLite Micro's integer arithmetic (reference
 * DepthwiseConvPerChannel), bit-exact. Output channel o = c·mult + m reads input channel c:
 *
 *     acc[o] = Σ w[0, ky, kx, o] · (x[iy, ix, c] − zp_in)  +  bias[o]        (int32, wraps like C)
 *     y[o]   = clamp(MultiplyByQuantizedMultiplier(acc[o], M0[o], shift[o]) + zp_out, act_min, act_max)
 *
 * Padded cells are skipped (x = zp_in, real 0). M0/shift: QuantizeMultiplier of
 * effectiveScale(s_in, s_w[o], s_out) in double, per channel (per-tensor filters broadcast their one scale),
 * as TFLite's PopulateConvolutionQuantizationParams. Requantization in `opts.rounding` (default 'double');
 * act_min/act_max from the fused clamp; all from {@link prepareDepthwise} (the C kernels' arrays). Int32
 * wrap-around as in conv2dInt8.
 *
 * @param x input `[H, W, Cin]`, int8
 * @param xShape `[H, W, Cin]`
 * @param xQuant input parameters (per tensor)
 * @param w weights `[1, KH, KW, Cin·mult]`, int8 symmetric
 * @param wShape `[1, KH, KW, Cin·mult]`
 * @param wQuant weight parameters: one scale, or `Cin·mult` scales with `axis = 3`; zero points 0
 * @param bias `[Cin·mult]` int32 at scale s_in·s_w[o], or undefined
 * @param outQuant output parameters (per tensor)
 * @param attrs strides, dilations, explicit padding, depth multiplier, fused clamp (real units)
 * @param opts requantization rounding mode (default 'double')
 * @returns output `[OH, OW, Cin·mult]`, int8
 * @throws Error on inconsistent shapes or parameters, or a multiplier the rounding mode cannot apply
 */
export function depthwiseConv2dInt8(
  x: Int8Array,
  xShape: readonly number[],
  xQuant: QuantParams | undefined,
  w: Int8Array,
  wShape: readonly number[],
  wQuant: QuantParams | undefined,
  bias: Int32Array | undefined,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['depthwise_conv2d'],
  opts: RequantOptions = {},
): Int8Array {
  const [ih, iw, ic] = xShape;
  const [one, kh, kw, oc] = wShape;
  if (xShape.length !== 3 || wShape.length !== 4 || one !== 1) {
    throw new Error(`internal: depthwiseConv2dInt8 needs HWC input and 1HWC weights, got [${xShape}] and [${wShape}]`);
  }
  const mult = attrs.depthMultiplier;
  if (oc !== ic * mult) throw new Error(`internal: depthwiseConv2dInt8 kernel has ${oc} channels, expected ${ic}×${mult}`);
  checkLength('depthwiseConv2dInt8 input', x, xShape);
  checkLength('depthwiseConv2dInt8 weights', w, wShape);
  if (bias) checkLength('depthwiseConv2dInt8 bias', bias, [oc]);
  const rq = prepareDepthwise(xQuant, wQuant, outQuant, oc, attrs.clamp, opts);
  const rounding = opts.rounding ?? 'double';
  const zpIn = rq.inZp;

  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilations;
  const { top, left, bottom, right } = attrs.pad;
  const oh = windowOut(ih, kh, sh, dh, top, bottom);
  const ow = windowOut(iw, kw, sw, dw, left, right);
  const out = new Int8Array(Math.max(oh, 0) * Math.max(ow, 0) * oc);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const obase = (oy * ow + ox) * oc;
      for (let c = 0; c < ic; c++) {
        for (let m = 0; m < mult; m++) {
          const o = c * mult + m;
          let acc = 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= ih) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - left + kx * dw;
              if (ix < 0 || ix >= iw) continue;
              acc += (x[(iy * iw + ix) * ic + c] - zpIn) * w[(ky * kw + kx) * oc + o];
            }
          }
          if (bias) acc += bias[o];
          out[obase + o] = requantOutput(acc, rq, o, rounding);
        }
      }
    }
  }
  return out;
}

/** The interpreter's entry for the depthwise_conv2d op. */
export const depthwiseConv2dOp: Int8Kernel<'depthwise_conv2d'> = (op, io) =>
  depthwiseConv2dInt8(io.x(0), io.t(0).shape, io.t(0).quant, io.x(1), io.t(1).shape, io.t(1).quant, io.v(2) as Int32Array | undefined, io.y.quant, op.attrs, io.opts);
