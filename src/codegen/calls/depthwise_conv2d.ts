/** C calls of depthwise_conv2d: the strided and in-place float kernels (and weight variants), their int8 twins. */
import { tensor } from '../../ir/graph';
import { prepareDepthwise } from '../../reference/int8/prepare';
import { Int8CallCtx, OpCalls, biasArg, io } from './common';
import { windowArgs, windowedFloatCall } from './conv2d';

export const depthwiseConv2dCalls: OpCalls<'depthwise_conv2d'> = {
  float: windowedFloatCall,
  int8(op, c: Int8CallCtx) {
    const { x, y } = io(op, c);
    const p = c.p;
    const w = tensor(c.g, op.inputs[1]);
    const r = prepareDepthwise(x.quant, w.quant, y.quant, y.shape[2], op.attrs.clamp, { rounding: c.rounding });
    const mult = c.arr('mult', 'int32_t', r.multiplier);
    const shift = c.arr('shift', 'int8_t', r.shift);
    const geom = windowArgs(op, w.shape);
    if (p.inPlaceDepthwise(op)) {
      return c.call('depthwise_conv2d_inplace_s8', [
        p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], r.inZp, p.ptr(w.id), biasArg(op, p), ...geom, y.shape[0], y.shape[1],
        p.scratch(op) ?? 'NULL', r.outZp, mult, shift, r.actMin, r.actMax,
      ]);
    }
    return c.call('depthwise_conv2d_s8', [
      p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), r.inZp, p.ptr(w.id), biasArg(op, p), op.attrs.depthMultiplier, ...geom,
      p.ptr(y.id), y.shape[0], y.shape[1], p.stride(y.id), r.outZp, mult, shift, r.actMin, r.actMax, p.reverse(op) ? 1 : 0,
    ]);
  },
};
