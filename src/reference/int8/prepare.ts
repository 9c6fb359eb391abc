/**
 * The integer parameters of the requantizing int8 kernels (conv2d, depthwise, dense, affine), computed once
 * per op as TFLite Micro's Prepare does: zero points, one multiplier/shift per output channel, and the
 * fused-activation range. One source of truth: the TypeScript reference kernels run on these values and the
 * code generator emits them as the C kernels' `out_mult` / `out_shift` arrays.
 */
import { FusedClamp, QuantParams } from '../../ir/types';
import { OPS } from '../../ir/ops';
import { effectiveScale, effectiveScaleFloatProduct } from '../../arith/index';
import { RequantOptions, Rounding, requantize } from '../../arith/rounding';
import { activationQuant, checkedMultiplier, outputRange, weightScales } from './common';

/** What a requantizing int8 kernel needs besides its data (the C kernels' trailing arguments). */
export interface ChannelRequant {
  /** Input zero point. */
  inZp: number;
  /** Output zero point. */
  outZp: number;
  /** Per output channel (length 1 for per-tensor dense): the rounding mode's multiplier. */
  multiplier: Int32Array;
  /** Same length as `multiplier`: the rounding mode's shift (within [−61, 31], so int8: 1 byte of flash per channel). */
  shift: Int8Array;
  /** Inclusive int8 output range of the fused clamp. */
  actMin: number;
  actMax: number;
  /** More than one weight scale: dense then indexes the arrays by output channel (C `per_channel`). */
  perChannel: boolean;
}

function build(
  xQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  clamp: FusedClamp,
  reals: (sIn: number, sOut: number) => number[],
  perChannel: boolean,
  opts: RequantOptions,
  what: string,
): ChannelRequant {
  const inQ = activationQuant(xQuant, `${what} input`);
  const outQ = activationQuant(outQuant, `${what} output`);
  const rounding = opts.rounding ?? 'double';
  const ms = reals(inQ.scale, outQ.scale).map((r, c) => checkedMultiplier(r, rounding, `${what} channel ${c}`));
  const { min, max } = outputRange(clamp, outQ);
  return {
    inZp: inQ.zeroPoint,
    outZp: outQ.zeroPoint,
    multiplier: Int32Array.from(ms, (m) => m.multiplier),
    shift: Int8Array.from(ms, (m) => m.shift),
    actMin: min,
    actMax: max,
    perChannel,
  };
}

/** Per-channel (or broadcast per-tensor) weights: (double)s_in·(double)s_w[c]/(double)s_out for every channel. */
function prepareWeighted(
  xQuant: QuantParams | undefined,
  wQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  channels: number,
  axis: number,
  clamp: FusedClamp,
  opts: RequantOptions,
  what: string,
): ChannelRequant {
  const sW = weightScales(wQuant, channels, axis, `${what} weights`);
  const perChannel = (wQuant?.scale.length ?? 1) > 1;
  return build(xQuant, outQuant, clamp, (sIn, sOut) => sW.map((s) => effectiveScale(sIn, s, sOut)), perChannel, opts, what);
}

/**
 * CONV_2D (TFLM PopulateConvolutionQuantizationParams): weights OHWI, per channel along axis 0 or per tensor
 * (broadcast); M[c] from (double)s_in·(double)s_w[c]/(double)s_out. Arrays have `channels` entries.
 * @throws Error on bad quantization parameters or a multiplier the rounding mode cannot apply
 */
export function prepareConv(
  xQuant: QuantParams | undefined,
  wQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  channels: number,
  clamp: FusedClamp,
  opts: RequantOptions = {},
): ChannelRequant {
  return prepareWeighted(xQuant, wQuant, outQuant, channels, OPS.conv2d.weightChannelAxis!, clamp, opts, 'conv2d');
}

/**
 * DEPTHWISE_CONV_2D: as {@link prepareConv} with weights 1HWC, per channel along axis 3;
 * `channels` = in_c · depth multiplier.
 * @throws Error on bad quantization parameters or a multiplier the rounding mode cannot apply
 */
export function prepareDepthwise(
  xQuant: QuantParams | undefined,
  wQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  channels: number,
  clamp: FusedClamp,
  opts: RequantOptions = {},
): ChannelRequant {
  return prepareWeighted(xQuant, wQuant, outQuant, channels, OPS.depthwise_conv2d.weightChannelAxis!, clamp, opts, 'depthwise_conv2d');
}

/**
 * FULLY_CONNECTED (TFLM CalculateOpDataFullyConnected): per channel iff the weights carry more than one scale
 * (axis 0) — then `channels` multipliers from the double product as CONV_2D; per tensor one multiplier
 * (arrays of length 1) from GetQuantizedConvolutionMultipler, the float32 product s_in·s_w divided in double.
 * @throws Error on bad quantization parameters or a multiplier the rounding mode cannot apply
 */
export function prepareDense(
  xQuant: QuantParams | undefined,
  wQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  channels: number,
  clamp: FusedClamp,
  opts: RequantOptions = {},
): ChannelRequant {
  const sW = weightScales(wQuant, channels, OPS.dense.weightChannelAxis!, 'dense weights');
  if ((wQuant?.scale.length ?? 1) > 1) return prepareWeighted(xQuant, wQuant, outQuant, channels, OPS.dense.weightChannelAxis!, clamp, opts, 'dense');
  const s = sW.length ? sW[0] : 1; // no output channel: nothing is requantized
  return build(xQuant, outQuant, clamp, (sIn, sOut) => [effectiveScaleFloatProduct(sIn, s, sOut)], false, opts, 'dense');
}

/**
 * The int8 `affine` op, quantized as a 1×1 depthwise convolution with depth multiplier 1: `scaleQuant` is the
 * int8 symmetric scale tensor's parameters (one scale per channel along axis 0, or one), and
 * M[c] = (double)s_in·(double)s_scale[c]/(double)s_out. Arrays have `channels` entries.
 * @throws Error on bad quantization parameters or a multiplier the rounding mode cannot apply
 */
export function prepareAffine(
  xQuant: QuantParams | undefined,
  scaleQuant: QuantParams | undefined,
  outQuant: QuantParams | undefined,
  channels: number,
  clamp: FusedClamp,
  opts: RequantOptions = {},
): ChannelRequant {
  return prepareWeighted(xQuant, scaleQuant, outQuant, channels, 0, clamp, opts, 'affine');
}

/**
 * The output stage every requantizing kernel shares (the C kernels' last lines): requantize the int32
 * accumulator with channel `ch`'s multiplier, add the output zero point (int32 wrap-around like the C), clamp.
 */
export function requantOutput(acc: number, rq: ChannelRequant, ch: number, rounding: Rounding): number {
  const y = (requantize(acc | 0, { multiplier: rq.multiplier[ch], shift: rq.shift[ch] }, rounding) + rq.outZp) | 0;
  return y < rq.actMin ? rq.actMin : y > rq.actMax ? rq.actMax : y;
}
