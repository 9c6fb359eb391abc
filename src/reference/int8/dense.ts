import { OpAttrsByKind, QuantParams } from '../../ir/types';
import { RequantOptions } from '../../arith/rounding';
import { checkLength, numel } from './common';
import { prepareDense, requantOutput } from './prepare';
import { Int8Kernel } from '../kernel';

/**
 * Int8 fully connected layer over the last axis with TFLite Micro's integer arithmetic (reference
 * FullyConnected / FullyConnectedPerChannel), bit-exact; every leading index is a row:
 *
 *     acc[r, o] = Σ_i w[o, i] · (x[r, i] − zp_in)  +  bias[o]                 (int32, wraps like C)
 *     y[r, o]   = clamp(MultiplyByQuantizedMultiplier(acc, M0, shift) + zp_out, act_min, act_max)
 *
 * The multiplier depends on how the weights are quantized, exactly as TFLM's CalculateOpDataFullyConnected
 * decides (per channel iff the weights carry more than one scale):
 * - per tensor (one scale): GetQuantizedConvolutionMultipler — the product s_in·s_w is taken in float32, then
 *   divided in double by s_out ({@link effectiveScaleFloatProduct}); it can differ from the double product in
 *   the last bit of the multiplier;
 * - per channel (`OUT` scales, `axis = 0`): (double)s_in·(double)s_w[o]/(double)s_out per output row
 *   ({@link effectiveScale}), like CONV_2D.
 * Requantization in `opts.rounding` (default 'double'); act_min/act_max from the fused clamp; all from
 * {@link prepareDense} (the C kernel's arrays; per tensor they hold one entry).
 *
 * @param x input `[..., IN]`, int8
 * @param xShape shape of `x` (rank ≥ 1)
 * @param xQuant input parameters (per tensor)
 * @param w weights `[OUT, IN]`, int8 symmetric
 * @param wShape `[OUT, IN]`
 * @param wQuant weight parameters: one scale (per tensor), or `OUT` scales with `axis = 0`; zero points 0
 * @param bias `[OUT]` int32 at scale s_in·s_w[o], or undefined
 * @param outQuant output parameters (per tensor)
 * @param attrs fused clamp (real units)
 * @param opts requantization rounding mode (default 'double')
 * @returns output `[..., OUT]`, int8
 * @throws Error on inconsistent shapes or parameters, or a multiplier the rounding mode cannot apply
 */
export function denseInt8(
  x: Int8Array,
  xShape: readonly number[],
  xQuant: QuantParams | undefined,
  w: Int8Array,
  wShape: readonly number[],
  wQuant: QuantParams | undefined,
  bias: Int32Array | undefined,
  outQuant: QuantParams | undefined,
  attrs: OpAttrsByKind['dense'],
  opts: RequantOptions = {},
): Int8Array {
  if (wShape.length !== 2 || xShape.length < 1) throw new Error(`internal: denseInt8 needs [..., IN] input and [OUT, IN] weights, got [${xShape}] and [${wShape}]`);
  const [outN, inN] = wShape;
  if (xShape[xShape.length - 1] !== inN) throw new Error(`internal: denseInt8 weights expect ${inN} inputs, input shape is [${xShape}]`);
  checkLength('denseInt8 input', x, xShape);
  checkLength('denseInt8 weights', w, wShape);
  if (bias) checkLength('denseInt8 bias', bias, [outN]);
  const rq = prepareDense(xQuant, wQuant, outQuant, outN, attrs.clamp, opts);
  const rounding = opts.rounding ?? 'double';
  const zpIn = rq.inZp;

  const rows = inN === 0 ? numel(xShape.slice(0, -1)) : x.length / inN;
  const out = new Int8Array(rows * outN);
  for (let r = 0; r < rows; r++) {
    const xb = r * inN;
    for (let o = 0; o < outN; o++) {
      const wb = o * inN;
      let acc = 0;
      for (let i = 0; i < inN; i++) acc += (x[xb + i] - zpIn) * w[wb + i];
      if (bias) acc += bias[o];
      out[r * outN + o] = requantOutput(acc, rq, rq.perChannel ? o : 0, rounding);
    }
  }
  return out;
}

/** The interpreter's entry for the dense op. */
export const denseOp: Int8Kernel<'dense'> = (op, io) =>
  denseInt8(io.x(0), io.t(0).shape, io.t(0).quant, io.x(1), io.t(1).shape, io.t(1).quant, io.v(2) as Int32Array | undefined, io.y.quant, op.attrs, io.opts);
