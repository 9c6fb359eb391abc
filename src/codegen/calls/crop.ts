/** C calls of crop: crop_f32, crop_s8. */
import { OpCalls, io } from './common';

export const cropCalls: OpCalls<'crop'> = {
  float(op, c) {
    const { x, y, base } = io(op, c);
    const k = op.attrs.crop;
    return { template: 'crop', kernels: ['crop_f32'], ctx: { ...base, inH: x.shape[0], inW: x.shape[1], c: x.shape[2], top: k.top, left: k.left, outH: y.shape[0], outW: y.shape[1] } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    return c.call('crop_s8', [c.p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], op.attrs.crop.top, op.attrs.crop.left, c.p.ptr(y.id), y.shape[0], y.shape[1]]);
  },
};
