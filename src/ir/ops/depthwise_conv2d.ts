/** Depthwise 2-D convolution (Keras DepthwiseConv2D and SeparableConv2D's depthwise part, TFLite DEPTHWISE_CONV_2D). */
import { numel } from '../shapes';
import type { FusedClamp, Pad2D } from '../types';
import { OpDef, Shapes, checkClamp, checkInts, expectRank, opFail } from './def';
import { windowShape } from './conv2d';

/** inputs: x[H,W,Cin], w[1,KH,KW,Cin·M], bias[Cin·M]?; output channel ic·M + m reads input channel ic. */
export interface DepthwiseConv2dAttrs {
  strides: [number, number];
  dilations: [number, number];
  pad: Pad2D;
  depthMultiplier: number;
  clamp: FusedClamp;
}

export const depthwise_conv2d: OpDef<'depthwise_conv2d'> = {
  summary: 'y[.., ic·M + m] = clamp(Σ taps x[.., ic]·w[.., ic·M + m] + bias), 1HWC weights',
  arity: [2, 3],
  shape(op, [x, w, bias]: Shapes) {
    expectRank(op, x, 3);
    expectRank(op, w, 4, 'weights');
    const [, kh, kw, c] = w;
    const a = op.attrs;
    checkInts(op, 'depthMultiplier', [a.depthMultiplier], 1);
    checkClamp(op, a.clamp);
    if (c !== x[2] * a.depthMultiplier) opFail(op, `kernel has ${c} channels, expected ${x[2]}×${a.depthMultiplier}`);
    if (bias && numel(bias) !== c) opFail(op, `bias has ${numel(bias)} values, expected ${c}`);
    const [oh, ow] = windowShape(op, x, [kh, kw], a, c);
    return [oh, ow, c];
  },
  memory: {
    inPlaceChannelwise: (op) => op.attrs.depthMultiplier === 1,
    stridedInput: () => true,
    stridedOutput: () => true,
    window: (op, [, w]) => ({ kernel: [w[1], w[2]], strides: op.attrs.strides, dilations: op.attrs.dilations, padTop: op.attrs.pad.top, padLeft: op.attrs.pad.left }),
  },
  fusesClamp: true,
  fusesPadding: true,
  weightChannelAxis: 3,
  compressedWeights: true,
  quant: { output: 'free', weights: { perChannel: 'conv' } },
  macs: (_op, [, w], out) => numel(out) * w[1] * w[2],
  kernels: {
    float: [
      'depthwise_conv2d_f32', 'depthwise_conv2d_f16w_f32', 'depthwise_conv2d_i8w_f32',
      'depthwise_conv2d_inplace_f32', 'depthwise_conv2d_inplace_f16w_f32', 'depthwise_conv2d_inplace_i8w_f32',
    ],
    int8: ['depthwise_conv2d_s8', 'depthwise_conv2d_inplace_s8'],
  },
};
