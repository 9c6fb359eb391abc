/** C calls of conv2d_transpose: conv2d_transpose_f32, conv2d_transpose_s8 (per-channel requantization as conv2d). */
import { tensor } from '../../ir/graph';
import { prepareConv } from '../../reference/int8/prepare';
import { OpCalls, biasArg, cFloat, io } from './common';

export const conv2dTransposeCalls: OpCalls<'conv2d_transpose'> = {
  float(op, c) {
    const { x, y } = io(op, c);
    const w = tensor(c.g, op.inputs[1]);
    const a = op.attrs;
    return c.call('conv2d_transpose_f32', [
      c.p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], c.p.ptr(w.id), biasArg(op, c.p), y.shape[2], w.shape[1], w.shape[2],
      a.strides[0], a.strides[1], a.pad.top, a.pad.left, c.p.ptr(y.id), y.shape[0], y.shape[1], cFloat(a.clamp.min), cFloat(a.clamp.max),
    ]);
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const w = tensor(c.g, op.inputs[1]);
    const a = op.attrs;
    const r = prepareConv(x.quant, w.quant, y.quant, y.shape[2], a.clamp, { rounding: c.rounding });
    return c.call('conv2d_transpose_s8', [
      c.p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], r.inZp, c.p.ptr(w.id), biasArg(op, c.p), y.shape[2], w.shape[1], w.shape[2],
      a.strides[0], a.strides[1], a.pad.top, a.pad.left, c.p.ptr(y.id), y.shape[0], y.shape[1], r.outZp,
      c.arr('mult', 'int32_t', r.multiplier), c.arr('shift', 'int8_t', r.shift), r.actMin, r.actMax,
    ]);
  },
};
