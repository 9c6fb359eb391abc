/** C calls of transpose: transpose_f32, transpose_s8. */
import { OpCalls, io } from './common';

export const transposeCalls: OpCalls<'transpose'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    return { template: 'transpose', kernels: ['transpose_f32'], ctx: { ...base, shape: x.shape.join(', '), perm: op.attrs.perm.join(', '), rank: x.shape.length } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const shape = c.arr('shape', 'int', x.shape);
    const perm = c.arr('perm', 'int', op.attrs.perm);
    return c.call('transpose_s8', [c.p.ptr(x.id), shape, perm, x.shape.length, c.p.ptr(y.id)]);
  },
};
