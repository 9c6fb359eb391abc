/**
 * C calls of concat: a zero-copy concatenation (inputs that are views were written in place by their producers;
 * the others are copied, or requantized, into their channel slices: concat_slice_f32/_s8, concat_slice_requant_s8)
 * or a plain concatenation (concat_f32, concat_s8).
 */
import { numel, tensor } from '../../ir/graph';
import { normAxis } from '../../ir/shapes';
import { splitAxis } from '../../reference/float/common';
import { activationQuant } from '../../reference/int8/common';
import { requantPlan } from '../../reference/int8/concat';
import { OpCalls, cInt32, io } from './common';

export const concatCalls: OpCalls<'concat'> = {
  float(op, c) {
    const { y, base } = io(op, c);
    const p = c.p;
    const ins = op.inputs.map((id) => tensor(c.g, id));
    const [outer, , inner] = splitAxis(y.shape, op.attrs.axis);
    const a = normAxis(op.attrs.axis, y.shape.length);
    const views = p.concatViews(op);
    if (views || p.strided(y.id)) {
      const copies: Record<string, unknown>[] = [];
      let offset = 0;
      for (const t of ins) {
        if (!views?.has(t.id)) {
          copies.push({ in: p.ptr(t.id), rows: numel(t.shape) / t.shape[a], n: t.shape[a], inStride: p.stride(t.id), offset, outStride: p.stride(y.id) });
        }
        offset += t.shape[a];
      }
      return { template: 'concat_views', kernels: copies.length ? ['concat_slice_f32'] : [], ctx: { ...base, copies, viewCount: views?.size ?? 0 } };
    }
    return {
      template: 'concat',
      kernels: ['concat_f32'],
      ctx: { ...base, count: ins.length, ins: ins.map((t) => p.ptr(t.id)).join(', '), sizes: ins.map((t) => t.shape[a]).join(', '), outer, inner },
    };
  },
  int8(op, c) {
    const { y } = io(op, c);
    const p = c.p;
    const ins = op.inputs.map((id) => tensor(c.g, id));
    const qo = activationQuant(y.quant, y.name);
    const a = normAxis(op.attrs.axis, y.shape.length);
    const plans = ins.map((t) => requantPlan(activationQuant(t.quant, t.name), qo, c.rounding));
    const views = p.concatViews(op);
    if (views || p.strided(y.id)) {
      const block: string[] = [];
      const kernels = new Set<string>();
      let offset = 0;
      ins.forEach((t, k) => {
        if (!views?.has(t.id)) {
          const rows = numel(t.shape) / t.shape[a];
          const r = plans[k];
          if (!r.copy) {
            kernels.add('concat_slice_requant_s8');
            block.push(`${c.prefix}_concat_slice_requant_s8(${p.ptr(t.id)}, ${rows}, ${t.shape[a]}, ${p.stride(t.id)}, ${r.zeroPoint}, ${p.ptr(y.id)} + ${offset}, ${p.stride(y.id)}, ${qo.zeroPoint}, ${cInt32(r.multiplier.multiplier)}, ${r.multiplier.shift});`);
          } else {
            kernels.add('concat_slice_s8');
            block.push(`${c.prefix}_concat_slice_s8(${p.ptr(t.id)}, ${rows}, ${t.shape[a]}, ${p.stride(t.id)}, ${p.ptr(y.id)} + ${offset}, ${p.stride(y.id)});`);
          }
        }
        offset += t.shape[a];
      });
      return { template: 'call_block', kernels: [...kernels], ctx: { name: op.name, kind: op.kind, block, views: views?.size ?? 0 } };
    }
    const [outer, , inner] = splitAxis(y.shape, a);
    const n = ins.length;
    const sizes = c.arr('sizes', 'int', ins.map((t) => t.shape[a]));
    const zps = c.arr('zp', 'int32_t', plans.map((r) => (r.copy ? 0 : r.zeroPoint)));
    const mults = c.arr('mult', 'int32_t', plans.map((r) => r.multiplier.multiplier));
    const shifts = c.arr('shift', 'int32_t', plans.map((r) => r.multiplier.shift));
    const copy = c.arr('copy', 'int', plans.map((r) => (r.copy ? 1 : 0)));
    return c.call('concat_s8', ['ins', sizes, n, outer, inner, p.ptr(y.id), zps, mults, shifts, copy, qo.zeroPoint], [
      `const int8_t *const ins[${n}] = { ${ins.map((t) => p.ptr(t.id)).join(', ')} };`,
    ]);
  },
};
