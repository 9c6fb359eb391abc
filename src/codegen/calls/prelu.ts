/** C calls of prelu: prelu_f32, prelu_s8. */
import { numel, tensor } from '../../ir/graph';
import { activationQuant } from '../../reference/int8/common';
import { preluParams } from '../../reference/int8/prelu';
import { OpCalls, cInt32, io } from './common';

export const preluCalls: OpCalls<'prelu'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    return { template: 'prelu', kernels: ['prelu_f32'], ctx: { ...base, alpha: c.p.ptr(op.inputs[1]), n: numel(x.shape), alphaN: numel(tensor(c.g, op.inputs[1]).shape) } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const al = tensor(c.g, op.inputs[1]);
    const inQ = activationQuant(x.quant, x.name);
    const alQ = activationQuant(al.quant, al.name);
    const outQ = activationQuant(y.quant, y.name);
    const m = preluParams(inQ, alQ, outQ, c.rounding);
    return c.call('prelu_s8', [
      p.ptr(x.id), p.ptr(al.id), numel(x.shape), numel(al.shape), p.ptr(y.id), inQ.zeroPoint, alQ.zeroPoint, outQ.zeroPoint,
      cInt32(m.pos.multiplier), m.pos.shift, cInt32(m.neg.multiplier), m.neg.shift,
    ]);
  },
};
