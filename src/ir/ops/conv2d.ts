/** 2-D convolution (Keras Conv2D/Conv1D/SeparableConv2D's pointwise part, TFLite CONV_2D). */
import { numel, windowOut } from '../shapes';
import type { FusedClamp, Pad2D } from '../types';
import { OpDef, Shapes, checkClamp, checkFitsInt, checkPad, checkPair, expectRank, opFail } from './def';

/**
 * inputs: x[H,W,Cin], w[Cout,KH,KW,Cin], bias[Cout]? — with `pre` (a fused BN-ReLU on the input, applied to
 * in-bounds input values while reading): x, w, bias[Cout], preScale[Cin], preShift[Cin].
 */
export interface Conv2dAttrs {
  strides: [number, number];
  dilations: [number, number];
  pad: Pad2D;
  clamp: FusedClamp;
  pre?: { clamp: FusedClamp };
}

/** Checks a windowed op's geometry and returns its output height and width. */
export function windowShape(
  op: { name: string; kind: string },
  x: readonly number[],
  k: readonly [number, number],
  a: { strides: readonly [number, number]; dilations: readonly [number, number]; pad: Pad2D },
  channels: number,
  what = 'kernel',
): [number, number] {
  checkPair(op, 'strides', a.strides, 1);
  checkPair(op, 'dilations', a.dilations, 1);
  checkPad(op, 'pad', a.pad);
  const padH = x[0] + a.pad.top + a.pad.bottom;
  const padW = x[1] + a.pad.left + a.pad.right;
  const extH = (k[0] - 1) * a.dilations[0] + 1;
  const extW = (k[1] - 1) * a.dilations[1] + 1;
  if (extH > padH || extW > padW) {
    opFail(op, `${what} ${k[0]}x${k[1]}${a.dilations[0] * a.dilations[1] > 1 ? ` dilated ${a.dilations[0]}x${a.dilations[1]}` : ''} does not fit input ${x[0]}x${x[1]}`);
  }
  // The kernels index the padded input with C ints.
  checkFitsInt(op, 'padded input elements', padH * padW * Math.max(x[2], channels));
  return [windowOut(x[0], k[0], a.strides[0], a.dilations[0], a.pad.top, a.pad.bottom), windowOut(x[1], k[1], a.strides[1], a.dilations[1], a.pad.left, a.pad.right)];
}

export const conv2d: OpDef<'conv2d'> = {
  summary: 'y = clamp(conv(x, w) + bias), OHWI weights, explicit padding, optional fused BN-ReLU of the input',
  arity: [2, 5],
  shape(op, [x, w, bias, preScale, preShift]: Shapes) {
    expectRank(op, x, 3);
    expectRank(op, w, 4, 'weights');
    const [cout, kh, kw, cin] = w;
    if (cin !== x[2]) opFail(op, `kernel expects ${cin} input channels, input has ${x[2]}`);
    if (bias && numel(bias) !== cout) opFail(op, `bias has ${numel(bias)} values, expected ${cout}`);
    const a = op.attrs;
    checkClamp(op, a.clamp);
    if (a.pre) {
      checkClamp(op, a.pre.clamp);
      if (!preScale || !preShift || numel(preScale) !== cin || numel(preShift) !== cin) opFail(op, `a fused pre-activation needs ${cin} scales and shifts`);
    } else if (preScale) opFail(op, 'has pre-activation inputs without a fused pre-activation');
    const [oh, ow] = windowShape(op, x, [kh, kw], a, cout);
    return [oh, ow, cout];
  },
  memory: {
    stridedInput: () => true,
    stridedOutput: () => true,
    window: (op, [, w]) => ({ kernel: [w[1], w[2]], strides: op.attrs.strides, dilations: op.attrs.dilations, padTop: op.attrs.pad.top, padLeft: op.attrs.pad.left }),
  },
  fusesClamp: true,
  fusesPadding: true,
  weightChannelAxis: 0,
  compressedWeights: true,
  quant: {
    output: 'free',
    weights: { perChannel: 'conv' },
    refuse: (op) => (op.attrs.pre ? 'a fused pre-activation has no int8 kernel; quantize before the fuse-pre-activation pass' : undefined),
  },
  macs: (_op, [, w], out) => numel(out) * w[1] * w[2] * w[3],
  kernels: {
    float: ['conv2d_f32', 'conv2d_f16w_f32', 'conv2d_i8w_f32', 'conv2d_preact_f32', 'conv2d_preact_f16w_f32', 'conv2d_preact_i8w_f32'],
    int8: ['conv2d_s8', 'conv2d_sparse_s8', 'conv2d_clustered_s8', 'conv2d_s4', 'conv2d_sparse_clustered_s8'],
  },
};
