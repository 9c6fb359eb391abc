import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { windowOut } from '../../ir/shapes';
import { RequantOptions } from '../../arith/rounding';
import { checkLength } from './common';
import { prepareConv, requantOutput } from './prepare';
import { Int8Kernel } from '../kernel';

/**
 * Int8 2-D convolution of an HWC tensor with TFLite Micro's integer arithmetic (reference
 * ConvPerChannel), bit-exact:
 *
 *     acc[o] = Σ w[o, ky, kx, c] · (x[iy, ix, c] − zp_in)  +  bias[o]        (int32, wraps like C)
 *     y[o]   = clamp(MultiplyByQuantizedMultiplier(acc[o], M0[o], shift[o]) + zp_out, act_min, act_max)
 *
 * Padded cells are skipped, i.e. they read as x = zp_in (real 0). M0/shift come from QuantizeMultiplier of
 * effectiveScale(s_in, s_w[o], s_out) = (double)s_in·(double)s_w[o]/(double)s_out, as TFLite's
 * PopulateConvolutionQuantizationParams does for per-channel and per-tensor filters alike; the requantization
 * is `opts.rounding` (default 'double', TFLite's MultiplyByQuantizedMultiplier). act_min/act_max come from the
 * fused clamp (real units) by CalculateActivationRangeQuantized. All of these come from {@link prepareConv},
 * which the C kernel tinyfit_conv2d_s8 receives as arrays.
 *
 * The int32 accumulator is computed exactly and reduced modulo 2^32 (`| 0`), which equals C's wrapping int32
 * arithmetic step by step; real models never come near 2^31. Likewise a multiplier > 1 shifts the
 * accumulator left with int32 wrap-around, and `+ zp_out` wraps too, as the compiled C does (TFLite: undefined
 * behaviour; it only happens when the real result is far outside the int8 range anyway).
 *
 * @param x input `[H, W, Cin]`, int8
 * @param xShape `[H, W, Cin]`
 * @param xQuant input parameters (per tensor)
 * @param w weights OHWI `[Cout, KH, KW, Cin]`, int8 symmetric
 * @param wShape `[Cout, KH, KW, Cin]`
 * @param wQuant weight parameters: one scale, or `Cout` scales with `axis = 0`; zero points 0
 * @param bias `[Cout]` int32 at scale s_in·s_w[o], or undefined
 * @param outQuant output parameters (per tensor)
 * @param attrs strides, dilations, explicit padding, fused clamp (real units); `pre` is not supported
 * @param opts requantization rounding mode (default 'double')
 * @returns output `[OH, OW, Cout]`, int8
 * @throws Error on inconsistent shapes or parameters, a fused pre-activation, or a multiplier the rounding
 *   mode cannot apply (≥ 2^31; not a power of two in 'shift' mode)
 */
export function conv2dInt8(
  x: Int8Array,
  xShape: readonly number[],
  xQuant: QuantParams | undefined,
  w: Int8Array,
  wShape: readonly number[],
  wQuant: QuantParams | undefined,
  bias: Int32Array | undefined,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['conv2d'],
  opts: RequantOptions = {},
): Int8Array {
  if (attrs.pre) throw new Error('conv2dInt8: a fused pre-activation (attrs.pre) has no int8 kernel');
  const [ih, iw, ic] = xShape;
  const [oc, kh, kw, wic] = wShape;
  if (xShape.length !== 3 || wShape.length !== 4) throw new Error(`internal: conv2dInt8 needs HWC input and OHWI weights, got [${xShape}] and [${wShape}]`);
  if (wic !== ic) throw new Error(`internal: conv2dInt8 kernel has ${wic} input channels, input has ${ic}`);
  checkLength('conv2dInt8 input', x, xShape);
  checkLength('conv2dInt8 weights', w, wShape);
  if (bias) checkLength('conv2dInt8 bias', bias, [oc]);
  const rq = prepareConv(xQuant, wQuant, outQuant, oc, attrs.clamp, opts);
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
      for (let o = 0; o < oc; o++) {
        let acc = 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= ih) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= iw) continue;
            const xb = (iy * iw + ix) * ic;
            const wb = ((o * kh + ky) * kw + kx) * ic;
            for (let c = 0; c < ic; c++) acc += (x[xb + c] - zpIn) * w[wb + c];
          }
        }
        if (bias) acc += bias[o];
        out[obase + o] = requantOutput(acc, rq, o, rounding);
      }
    }
  }
  return out;
}

/** The interpreter's entry for the conv2d op. */
export const conv2dOp: Int8Kernel<'conv2d'> = (op, io) =>
  conv2dInt8(io.x(0), io.t(0).shape, io.t(0).quant, io.x(1), io.t(1).shape, io.t(1).quant, io.v(2) as Int32Array | undefined, io.y.quant, op.attrs, io.opts);
