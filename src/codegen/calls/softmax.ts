/** C calls of softmax: softmax_f32, softmax_s8. */
import { splitAxis } from '../../reference/float/common';
import { activationQuant } from '../../reference/int8/common';
import { softmaxParams } from '../../reference/int8/softmax';
import { OpCalls, cInt32, io } from './common';

export const softmaxCalls: OpCalls<'softmax'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    const [outer, n, inner] = splitAxis(x.shape, op.attrs.axis);
    return { template: 'softmax', kernels: ['softmax_f32'], ctx: { ...base, outer, n, inner } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const [outer, n, inner] = splitAxis(x.shape, op.attrs.axis);
    const k = softmaxParams(activationQuant(x.quant, x.name).scale, op.attrs.beta ?? 1);
    return c.call('softmax_s8', [c.p.ptr(x.id), outer, n, inner, c.p.ptr(y.id), cInt32(k.inputMultiplier), k.inputLeftShift, cInt32(k.diffMin)]);
  },
};
