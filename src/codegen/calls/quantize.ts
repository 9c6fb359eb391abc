/** C call of quantize (int8 graphs only): quantize_s8. */
import { numel } from '../../ir/graph';
import { activationQuant } from '../../reference/int8/common';
import { OpCalls, cFloat, io, onlyInInt8Graphs } from './common';

export const quantizeCalls: OpCalls<'quantize'> = {
  float: onlyInInt8Graphs(),
  int8(op, c) {
    const { x, y } = io(op, c);
    const q = activationQuant(y.quant, y.name);
    return c.call('quantize_s8', [c.p.ptr(x.id), numel(x.shape), c.p.ptr(y.id), cFloat(q.scale), q.zeroPoint]);
  },
};
