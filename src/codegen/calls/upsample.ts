/** C calls of upsample: upsample_nearest_f32, upsample_nearest_s8. */
import { OpCalls, io } from './common';

export const upsampleCalls: OpCalls<'upsample'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    return { template: 'upsample', kernels: ['upsample_nearest_f32'], ctx: { ...base, h: x.shape[0], w: x.shape[1], c: x.shape[2], sh: op.attrs.scale[0], sw: op.attrs.scale[1] } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    return c.call('upsample_nearest_s8', [c.p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], op.attrs.scale[0], op.attrs.scale[1], c.p.ptr(y.id)]);
  },
};
