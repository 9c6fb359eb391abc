/** Transposed 2-D convolution (Keras Conv2DTranspose, TFLite TRANSPOSE_CONV): decoders, autoencoders, segmentation heads. */
import { numel } from '../shapes';
import type { FusedClamp, Pad2D } from '../types';
import { C_INT_MAX, OpDef, Shapes, checkClamp, checkFitsInt, checkInts, checkPair, expectRank, opFail } from './def';

/**
 * inputs: x[H,W,Cin], w[Cout,KH,KW,Cin] (OHWI, TFLite's layout), bias[Cout]?. `pad` crops the full output, whose
 * (H−1)·sh + KH rows hold every tap: `top`/`left` rows/columns are dropped before the output (≥ 0),
 * `bottom`/`right` after it; a negative `bottom`/`right` appends rows/columns that receive no tap (bias only), as
 * a TFLite output_shape larger than the full output asks for.
 */
export interface Conv2dTransposeAttrs {
  strides: [number, number];
  pad: Pad2D;
  clamp: FusedClamp;
}

/** Output length along one axis: (in − 1)·stride + k − before − after. */
function outLength(inLen: number, k: number, stride: number, before: number, after: number): number {
  return (inLen - 1) * stride + k - before - after;
}

/** Number of (output coordinate, kernel tap) pairs with an input along one axis: the taps the gather visits. */
function tapPairs(inLen: number, k: number, stride: number, before: number, out: number): number {
  let n = 0;
  for (let o = 0; o < out; o++) {
    const t = o + before;
    for (let j = 0; j < k; j++) if ((t - j) % stride === 0 && t - j >= 0 && (t - j) / stride < inLen) n++;
  }
  return n;
}

export const conv2d_transpose: OpDef<'conv2d_transpose'> = {
  summary: 'y[oy, ox] = clamp(bias + Σ x[iy, ix]·w[.., ky, kx, ..]) over iy·sh + ky = oy + top, ix·sw + kx = ox + left',
  arity: [2, 3],
  shape(op, [x, w, bias]: Shapes) {
    expectRank(op, x, 3);
    expectRank(op, w, 4, 'weights');
    const [cout, kh, kw, cin] = w;
    if (cin !== x[2]) opFail(op, `kernel expects ${cin} input channels, input has ${x[2]}`);
    if (bias && numel(bias) !== cout) opFail(op, `bias has ${numel(bias)} values, expected ${cout}`);
    const a = op.attrs;
    checkClamp(op, a.clamp);
    checkPair(op, 'strides', a.strides, 1);
    const p = a.pad as Pad2D | undefined;
    if (!p) opFail(op, "attribute 'pad' must give top, left, bottom and right");
    checkInts(op, 'pad', [p.top, p.left], 0);
    checkInts(op, 'pad', [p.bottom, p.right], -C_INT_MAX);
    const oh = outLength(x[0], kh, a.strides[0], p.top, p.bottom);
    const ow = outLength(x[1], kw, a.strides[1], p.left, p.right);
    if (!(oh >= 1 && ow >= 1)) opFail(op, `cropping ${JSON.stringify(p)} leaves no output of the ${outLength(x[0], kh, a.strides[0], 0, 0)}x${outLength(x[1], kw, a.strides[1], 0, 0)} full output`);
    checkFitsInt(op, 'output elements', oh * ow * cout);
    checkFitsInt(op, 'full output rows', oh + p.top + kh * a.strides[0]);
    checkFitsInt(op, 'full output columns', ow + p.left + kw * a.strides[1]);
    return [oh, ow, cout];
  },
  memory: {},
  fusesClamp: true,
  fusesPadding: false,
  weightChannelAxis: 0,
  compressedWeights: false,
  quant: { output: 'free', weights: { perChannel: 'conv' } },
  macs: (op, [x, w], out) =>
    tapPairs(x[0], w[1], op.attrs.strides[0], op.attrs.pad.top, out[0]) * tapPairs(x[1], w[2], op.attrs.strides[1], op.attrs.pad.left, out[1]) * w[0] * w[3],
  kernels: { float: ['conv2d_transpose_f32'], int8: ['conv2d_transpose_s8'] },
};
