/** C calls of global_pool: global_pool_max/avg_f32, global_pool_max/avg_s8 and TFLite MEAN's global_pool_mean_s8. */
import { meanParams } from '../../reference/int8/global_pool';
import { OpCalls, cInt32, io } from './common';

export const globalPoolCalls: OpCalls<'global_pool'> = {
  float(op, c) {
    const { x, base } = io(op, c);
    const fn = `global_pool_${op.attrs.type}_f32`;
    return { template: 'global_pool', kernels: [fn], ctx: { ...base, fn, h: x.shape[0], w: x.shape[1], c: x.shape[2], inStride: c.p.stride(x.id) } };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const head = [p.ptr(x.id), x.shape[0], x.shape[1], x.shape[2], p.stride(x.id), p.ptr(y.id)];
    if (op.attrs.mean) {
      // TFLite MEAN: own output parameters, 1/(H·W) folded into the multiplier at generation time.
      const m = meanParams(x.quant, y.quant, x.shape[0] * x.shape[1]);
      return c.call('global_pool_mean_s8', [...head, m.inZeroPoint, m.outZeroPoint, cInt32(m.multiplier), m.shift, m.sameParams ? 1 : 0]);
    }
    return c.call(`global_pool_${op.attrs.type}_s8`, head);
  },
};
