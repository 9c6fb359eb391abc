/** TFLite convolutions and fully connected layers: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV. */
import { numel } from '../../../ir/graph';
import { Pad2D, Tensor } from '../../../ir/types';
import { ImportContext, OpView } from '../context';
import { Conv2DOptions, DepthwiseConv2DOptions, FullyConnectedOptions, TfliteActivation, TflitePadding } from '../model';
import { activation, bool, int32, paddingStrides, table } from '../optionFields';
import { optionsCode } from '../schema';
import { OpConverter, TfliteOpSpec, act, checkTypes, constIn, emit, fusedClamp, out, padding, positive, rank } from './common';

/** Input, 4-D constant weights and optional bias of a convolution, type-checked. */
function convInputs(ctx: ImportContext, v: OpView): { x: Tensor; w: Tensor; b?: Tensor; ins: Tensor[] } {
  const x = act(ctx, v, 0);
  rank(v, x, 3);
  const w = constIn(ctx, v, 1)!;
  const b = constIn(ctx, v, 2, true);
  checkTypes(v, x, w, b);
  if (w.shape.length !== 4) v.fail(`weights must be 4-D, got shape [${w.shape}]`);
  return { x, w, b, ins: b ? [x, w, b] : [x, w] };
}
/** Strides, dilations and explicit padding of a convolution's window. */
function convWindow(v: OpView, o: Conv2DOptions, x: Tensor, w: Tensor): { strides: [number, number]; dilations: [number, number]; pad: Pad2D } {
  positive(v, 'strides', o.strideH, o.strideW);
  positive(v, 'dilations', o.dilationHFactor, o.dilationWFactor);
  const strides: [number, number] = [o.strideH, o.strideW];
  const dilations: [number, number] = [o.dilationHFactor, o.dilationWFactor];
  return { strides, dilations, pad: padding(v, o.padding, x, [w.shape[1], w.shape[2]], strides, dilations) };
}

const conv2d: OpConverter = (ctx, v) => {
  const o = v.op.options as Conv2DOptions;
  const { x, w, ins } = convInputs(ctx, v);
  if (w.shape[3] !== x.shape[2]) v.fail(`grouped convolution (weights for ${w.shape[3]} of ${x.shape[2]} input channels) is not supported`);
  out(ctx, v, emit(v, ctx.g, 'conv2d', v.irName, ins, { ...convWindow(v, o, x, w), clamp: fusedClamp(v, o.fusedActivationFunction) }));
};

const depthwise: OpConverter = (ctx, v) => {
  const o = v.op.options as DepthwiseConv2DOptions;
  const { x, w, ins } = convInputs(ctx, v);
  if (w.shape[0] !== 1) v.fail(`weights must be 1HWC, got shape [${w.shape}]`);
  // The schema calls depth_multiplier redundant: the weights' channel count decides.
  const m = w.shape[3] / x.shape[2];
  if (!Number.isInteger(m) || m < 1) v.fail(`weights have ${w.shape[3]} channels, not a multiple of the input's ${x.shape[2]}`);
  if (o.depthMultiplier > 0 && o.depthMultiplier !== m) v.fail(`depth_multiplier ${o.depthMultiplier} disagrees with the weights (${m})`);
  const attrs = { ...convWindow(v, o, x, w), depthMultiplier: m, clamp: fusedClamp(v, o.fusedActivationFunction) };
  out(ctx, v, emit(v, ctx.g, 'depthwise_conv2d', v.irName, ins, attrs));
};

const fullyConnected: OpConverter = (ctx, v) => {
  const o = v.op.options as FullyConnectedOptions;
  if (o.weightsFormat) v.fail(`weights format ${o.weightsFormat} (shuffled) is not supported`);
  let x = act(ctx, v, 0);
  const w = constIn(ctx, v, 1)!;
  const b = constIn(ctx, v, 2, true);
  checkTypes(v, x, w, b);
  if (w.shape.length !== 2) v.fail(`weights must be [out, in], got shape [${w.shape}]`);
  const n = w.shape[1];
  const size = numel(x.shape);
  if (size % n !== 0) v.fail(`input of ${size} values does not split into rows of ${n}`);
  if (x.shape[x.shape.length - 1] !== n) {
    const flat = emit(v, ctx.g, 'reshape', `${v.irName}/flatten`, [x], {}, size === n ? [n] : [size / n, n]);
    if (x.quant) flat.quant = x.quant;
    x = flat;
  }
  const y = emit(v, ctx.g, 'dense', v.irName, b ? [x, w, b] : [x, w], { clamp: fusedClamp(v, o.fusedActivationFunction) });
  out(ctx, v, y);
};
/** TransposeConvOptions (fused_activation_function is a later schema addition; absent reads as NONE). */
interface TransposeConvOptions {
  padding: TflitePadding;
  strideW: number;
  strideH: number;
  fusedActivationFunction: TfliteActivation;
}

/**
 * TRANSPOSE_CONV: inputs output_shape (int32 [1, H, W, Cout]), OHWI weights, input, optional bias (v3). The crop of
 * the full output is TFLite Micro's: the padding its Prepare computes for a convolution from an H×W input
 * (ComputePaddingHeightWidth with the op's padding mode), of which the kernel uses the top/left part.
 */
const transposeConv: OpConverter = (ctx, v) => {
  const o = v.op.options as TransposeConvOptions;
  const shape = constIn(ctx, v, 0)!;
  const w = constIn(ctx, v, 1)!;
  const x = act(ctx, v, 2);
  const b = constIn(ctx, v, 3, true);
  rank(v, x, 3);
  checkTypes(v, x, w, b);
  if (w.shape.length !== 4) v.fail(`weights must be 4-D (OHWI), got shape [${w.shape}]`);
  if (w.shape[3] !== x.shape[2]) v.fail(`weights for ${w.shape[3]} input channels, input has ${x.shape[2]}`);
  const s = shape.data;
  if (shape.dtype !== 'int32' || !s || s.length !== 4 || s[0] !== 1 || s[3] !== w.shape[0]) {
    return v.fail(`output_shape must be int32 [1, H, W, ${w.shape[0]}], got ${s ? `[${Array.from(s)}]` : 'no data'}`);
  }
  positive(v, 'strides', o.strideH, o.strideW);
  positive(v, 'output size', s[1], s[2]);
  if (o.padding !== 'SAME' && o.padding !== 'VALID') v.fail(`padding ${String(o.padding)} is not supported`);
  const crop = (out: number, k: number, stride: number, n: number): [number, number] => {
    // TFLM: the convolution output size of an `out`-long input, then its total padding (≥ 0); the kernel uses half.
    const convOut = o.padding === 'SAME' ? Math.floor((out + stride - 1) / stride) : Math.floor((out + stride - k) / stride);
    const before = Math.floor(Math.max((convOut - 1) * stride + k - out, 0) / 2);
    return [before, (n - 1) * stride + k - before - out];
  };
  const [top, bottom] = crop(s[1], w.shape[1], o.strideH, x.shape[0]);
  const [left, right] = crop(s[2], w.shape[2], o.strideW, x.shape[1]);
  const attrs = { strides: [o.strideH, o.strideW] as [number, number], pad: { top, left, bottom, right }, clamp: fusedClamp(v, o.fusedActivationFunction) };
  out(ctx, v, emit(v, ctx.g, 'conv2d_transpose', v.irName, b ? [x, w, b] : [x, w], attrs));
};

/** CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, TRANSPOSE_CONV. */
export const CONV_OPS: Readonly<Record<string, TfliteOpSpec>> = {
  // 3: int8 per-channel; 4: hybrid per-channel, 5: grouped, 6+: int16/int4
  CONV_2D: {
    maxVersion: 3,
    options: table(optionsCode('Conv2DOptions'), ...paddingStrides, activation(3), int32('dilationWFactor', 4, 1), int32('dilationHFactor', 5, 1)),
    convert: conv2d,
  },
  // 2: dilation, 3: int8 per-channel; 4+: hybrid, int16, int4
  DEPTHWISE_CONV_2D: {
    maxVersion: 3,
    options: table(optionsCode('DepthwiseConv2DOptions'), ...paddingStrides, activation(4), int32('dilationWFactor', 5, 1), int32('dilationHFactor', 6, 1), int32('depthMultiplier', 3)),
    convert: depthwise,
  },
  // 4: int8, 5: keep_num_dims; 6+: hybrid asymmetric, sparse, int16, int4
  FULLY_CONNECTED: {
    maxVersion: 5,
    options: table(optionsCode('FullyConnectedOptions'), activation(0), { name: 'weightsFormat', id: 1, kind: 'weightsFormat', default: 0 }, bool('keepNumDims', 2), bool('asymmetricQuantizeInputs', 3)),
    convert: fullyConnected,
  },
  // 1: float, 2: int8, 3: bias; 4+: int16 activations
  TRANSPOSE_CONV: {
    maxVersion: 3,
    options: table(optionsCode('TransposeConvOptions'), ...paddingStrides, activation(3)),
    convert: transposeConv,
  },
};
