import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { RequantOptions } from '../../arith/rounding';
import { splitAxis } from '../float/common';
import { checkLength } from './common';
import { prepareAffine, requantOutput } from './prepare';
import { Int8Kernel } from '../kernel';

/**
 * Int8 form of the IR's `affine` op (y = x·scale[c] + shift[c] along `attrs.axis`, then the fused clamp),
 * quantized like a 1×1 depthwise convolution with depth multiplier 1, bit-exact with tinyfit_affine_s8:
 *
 *     acc = (q − zp_in) · scale_q[c] + shift_q[c]                                  (int32, wraps like C)
 *     y   = clamp(requantize(acc, M0[c], shift[c]) + zp_out, act_min, act_max)
 *
 * `scale` is int8 symmetric per channel (zero points 0); `shift` is int32 at scale s_in·s_scale[c] (like a
 * bias). M[c] = (double)s_in·(double)s_scale[c]/(double)s_out as depthwise; the parameters come from
 * {@link prepareAffine}.
 *
 * @param x input, int8, any shape
 * @param xShape shape of `x`
 * @param xQuant input parameters (per tensor)
 * @param scale `[C]` int8, C = xShape[axis]
 * @param scaleQuant parameters of `scale`: `C` scales with `axis = 0`, or one; zero points 0
 * @param shift `[C]` int32 at scale s_in·s_scale[c]
 * @param outQuant output parameters (per tensor)
 * @param attrs axis (may be negative) and fused clamp (real units)
 * @param opts requantization rounding mode (default 'double')
 * @returns output, int8, same shape as `x`
 * @throws Error on inconsistent shapes or parameters, or a multiplier the rounding mode cannot apply
 */
export function affineInt8(
  x: Int8Array,
  xShape: readonly number[],
  xQuant: QuantParams | undefined,
  scale: Int8Array,
  scaleQuant: QuantParams | undefined,
  shift: Int32Array,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['affine'],
  opts: RequantOptions = {},
): Int8Array {
  const [outer, c, inner] = splitAxis(xShape, attrs.axis);
  checkLength('affineInt8 input', x, xShape);
  checkLength('affineInt8 scale', scale, [c]);
  checkLength('affineInt8 shift', shift, [c]);
  const rq = prepareAffine(xQuant, scaleQuant, outQuant, c, attrs.clamp, opts);
  const rounding = opts.rounding ?? 'double';
  const out = new Int8Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (o * c + ch) * inner;
      for (let i = 0; i < inner; i++) {
        out[base + i] = requantOutput((x[base + i] - rq.inZp) * scale[ch] + shift[ch], rq, ch, rounding);
      }
    }
  }
  return out;
}

/** The interpreter's entry for the affine op. */
export const affineOp: Int8Kernel<'affine'> = (op, io) =>
  affineInt8(io.x(0), io.t(0).shape, io.t(0).quant, io.x(1), io.t(1).quant, io.v(2) as Int32Array, io.y.quant, op.attrs, io.opts);
