/** C calls of pool2d: pool2d_max/avg_f32, pool2d_max/avg_s8. */
import { NO_CLAMP } from '../../ir/types';
import { activationQuant, outputRange } from '../../reference/int8/common';
import { OpCalls, io } from './common';

export const pool2dCalls: OpCalls<'pool2d'> = {
  float(op, c) {
    const { x, y, base } = io(op, c);
    const a = op.attrs;
    const p = c.p;
    return {
      template: 'pool2d',
      kernels: [`pool2d_${a.type}_f32`],
      ctx: {
        ...base,
        fn: `pool2d_${a.type}_f32`,
        inStride: p.stride(x.id),
        outStride: p.stride(y.id),
        reverse: p.reverse(op) ? 1 : 0,
        inH: x.shape[0],
        inW: x.shape[1],
        c: x.shape[2],
        poolH: a.pool[0],
        poolW: a.pool[1],
        strideH: a.strides[0],
        strideW: a.strides[1],
        padTop: a.pad.top,
        padLeft: a.pad.left,
        outH: y.shape[0],
        outW: y.shape[1],
      },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const a = op.attrs;
    const p = c.p;
    const q = activationQuant(x.quant, x.name);
    const range = outputRange(NO_CLAMP, q);
    return c.call(`pool2d_${a.type}_s8`, [
      p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), a.pool[0], a.pool[1], a.strides[0], a.strides[1], a.pad.top,
      a.pad.left, p.ptr(y.id), y.shape[0], y.shape[1], p.stride(y.id), q.zeroPoint, range.min, range.max, p.reverse(op) ? 1 : 0,
    ]);
  },
};
