/** Per-channel scale and shift along one axis (a standalone BatchNormalization; folded into a producer when possible). */
import { normAxis, numel } from '../shapes';
import type { FusedClamp } from '../types';
import { OpDef, Shapes, checkClamp, checkInts, opFail } from './def';

/** inputs: x, scale[C], shift[C]; y = clamp(x·scale[c] + shift[c]) along `axis`. */
export interface AffineAttrs {
  axis: number;
  clamp: FusedClamp;
}

/** True when the affine runs along the channel axis of an HWC tensor (it can then read and write pixel-strided views). */
const onChannels = (axis: number): boolean => axis === -1 || axis === 2;

export const affine: OpDef<'affine'> = {
  summary: 'y = clamp(x·scale[c] + shift[c]) along one axis',
  arity: [3, 3],
  shape(op, [x, s, b]: Shapes) {
    checkInts(op, 'axis', [op.attrs.axis], -x.length, x.length - 1);
    checkClamp(op, op.attrs.clamp);
    const ax = normAxis(op.attrs.axis, x.length);
    if (numel(s) !== x[ax] || numel(b) !== x[ax]) opFail(op, `scale/shift must have ${x[ax]} elements`);
    return [...x];
  },
  memory: {
    inPlace: 'first',
    stridedInput: (op) => onChannels(op.attrs.axis),
    stridedOutput: (op) => onChannels(op.attrs.axis),
  },
  fusesClamp: true,
  fusesPadding: false,
  compressedWeights: false,
  // Quantized as a 1×1 depthwise convolution: one scale per channel for the scales, int32 shifts.
  quant: { output: 'free', weights: { perChannel: 'always', axis: 0 } },
  macs: (_op, _ins, out) => numel(out),
  kernels: { float: ['affine_f32'], int8: ['affine_s8'] },
};
