import { QuantParams } from '../../ir/types';
import { RequantOptions } from '../../arith/rounding';
import { Conv2dTransposeAttrs, conv2dTransposeGeometry, transposeTaps } from '../float/conv2d_transpose';
import { prepareConv, requantOutput } from './prepare';
import { Int8Kernel } from '../kernel';

/**
 * Int8 transposed 2-D convolution of an HWC tensor with TFLite Micro's integer arithmetic
 * (tflite::reference_integer_ops::TransposeConv, the per-channel int8 kernel TFLM's TRANSPOSE_CONV runs), bit-exact:
 *
 *     acc[o] = Σ w[o, ky, kx, c] · (x[iy, ix, c] − zp_in)  +  bias[o]      (int32, wraps like C)
 *              over iy·sh + ky = oy + top, ix·sw + kx = ox + left (taps outside the input do not exist)
 *     y[o]   = clamp(MultiplyByQuantizedMultiplier(acc[o], M0[o], shift[o]) + zp_out, act_min, act_max)
 *
 * TFLM scatters every input pixel into an int32 scratch buffer the size of the output, then adds the bias and
 * requantizes; this gathers each output pixel whole instead (no scratch buffer). The int32 sums are the same
 * (addition modulo 2^32 does not depend on the order), so the outputs are identical. The parameters are CONV_2D's:
 * TFLM's transpose_conv.cc Prepare calls PopulateConvolutionQuantizationParams on the OHWI filter (per channel along
 * axis 0 or per tensor), so M0/shift come from QuantizeMultiplier of (double)s_in·(double)s_w[o]/(double)s_out and
 * act_min/act_max from CalculateActivationRangeQuantized — all from {@link prepareConv}, which the C kernel
 * tinyfit_conv2d_transpose_s8 receives as arrays. The requantization is `opts.rounding` (default 'double', TFLite's
 * MultiplyByQuantizedMultiplier). One known difference: TFLM's transpose_conv.cc computes the int8 parameters with
 * kTfLiteActNone, so its int8 TRANSPOSE_CONV ignores a fused activation (range [−128, 127]) while its float path
 * applies it; here `attrs.clamp` is always applied. To match TFLM byte for byte on a model whose int8
 * TRANSPOSE_CONV declares a fused activation, pass `clamp` = none.
 *
 * The int32 accumulator is computed exactly and reduced modulo 2^32 (`| 0`), which equals C's wrapping int32
 * arithmetic step by step (TFLite: undefined behaviour; real models never come near 2^31). A multiplier > 1 shifts
 * the accumulator left with int32 wrap-around, and `+ zp_out` wraps too, as the compiled C does.
 *
 * @param x input `[H, W, Cin]`, int8
 * @param xShape `[H, W, Cin]`
 * @param xQuant input parameters (per tensor)
 * @param w weights OHWI `[Cout, KH, KW, Cin]`, int8 symmetric
 * @param wShape `[Cout, KH, KW, Cin]`
 * @param wQuant weight parameters: one scale, or `Cout` scales with `axis = 0`; zero points 0
 * @param bias `[Cout]` int32 at scale s_in·s_w[o], or undefined
 * @param outQuant output parameters (per tensor)
 * @param attrs strides, crop of the full output (`pad`, see {@link Conv2dTransposeAttrs}), fused clamp (real units)
 * @param opts requantization rounding mode (default 'double')
 * @returns output `[OH, OW, Cout]`, int8, OH = (H − 1)·sh + KH − top − bottom (likewise OW)
 * @throws Error on inconsistent shapes or parameters, or a multiplier the rounding mode cannot apply
 *   (≥ 2^31; not a power of two in 'shift' mode)
 */
export function conv2dTransposeInt8(
  x: Int8Array,
  xShape: readonly number[],
  xQuant: QuantParams | undefined,
  w: Int8Array,
  wShape: readonly number[],
  wQuant: QuantParams | undefined,
  bias: Int32Array | undefined,
  outQuant: QuantParams | undefined,
  attrs: Conv2dTransposeAttrs,
  opts: RequantOptions = {},
): Int8Array {
  const { ih, iw, ic, oc, kh, kw, sh, sw, top, left, oh, ow } = conv2dTransposeGeometry('conv2dTransposeInt8', x, xShape, w, wShape, bias, attrs);
  const rq = prepareConv(xQuant, wQuant, outQuant, oc, attrs.clamp, opts);
  const rounding = opts.rounding ?? 'double';
  const zpIn = rq.inZp;

  const out = new Int8Array(oh * ow * oc);
  for (let oy = 0; oy < oh; oy++) {
    const ty = transposeTaps(oy + top, kh, sh, ih);
    for (let ox = 0; ox < ow; ox++) {
      const tx = transposeTaps(ox + left, kw, sw, iw);
      const obase = (oy * ow + ox) * oc;
      for (let o = 0; o < oc; o++) {
        let acc = 0;
        for (let a = 0; a < ty.count; a++) {
          const iy = ty.i0 - a;
          const ky = ty.k0 + a * sh;
          for (let b = 0; b < tx.count; b++) {
            const xb = (iy * iw + tx.i0 - b) * ic;
            const wb = ((o * kh + ky) * kw + tx.k0 + b * sw) * ic;
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

/** The interpreter's entry for the conv2d_transpose op. */
export const conv2dTransposeOp: Int8Kernel<'conv2d_transpose'> = (op, io) =>
  conv2dTransposeInt8(io.x(0), io.t(0).shape, io.t(0).quant, io.x(1), io.t(1).shape, io.t(1).quant, io.v(2) as Int32Array | undefined, io.y.quant, op.attrs, io.opts);
