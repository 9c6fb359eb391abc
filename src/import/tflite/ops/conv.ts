/** TFLite convolutions and fully connected layers: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED. */
import { numel } from '../../../ir/graph';
import { Pad2D, Tensor } from '../../../ir/types';
import { ImportContext, OpView } from '../context';
import { Conv2DOptions, DepthwiseConv2DOptions, FullyConnectedOptions } from '../model';
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
/** CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED. */
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
};
