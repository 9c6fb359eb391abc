/** C call of dequantize (int8 graphs only): dequantize_s8. */
import { numel } from '../../ir/graph';
import { activationQuant } from '../../reference/int8/common';
import { OpCalls, cFloat, io, onlyInInt8Graphs } from './common';

export const dequantizeCalls: OpCalls<'dequantize'> = {
  float: onlyInInt8Graphs(),
  int8(op, c) {
    const { x, y } = io(op, c);
    const q = activationQuant(x.quant, x.name);
    return c.call('dequantize_s8', [c.p.ptr(x.id), numel(x.shape), c.p.ptr(y.id), cFloat(q.scale), q.zeroPoint]);
  },
};
