/** C calls of pad: pad_f32, pad_s8 (pads with the input's zero point). */
import { activationQuant } from '../../reference/int8/common';
import { OpCalls, io } from './common';

export const padCalls: OpCalls<'pad'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    const q = op.attrs.pad;
    return { template: 'pad', kernels: ['pad_f32'], ctx: { ...base, h: x.shape[0], w: x.shape[1], c: x.shape[2], top: q.top, left: q.left, bottom: q.bottom, right: q.right } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const q = op.attrs.pad;
    const zp = activationQuant(x.quant, x.name).zeroPoint;
    return c.call('pad_s8', [c.p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], q.top, q.left, q.bottom, q.right, c.p.ptr(y.id), zp]);
  },
};
