/** C calls of affine: affine_f32, affine_s8. */
import { tensor } from '../../ir/graph';
import { Tensor } from '../../ir/types';
import { splitAxis } from '../../reference/float/common';
import { prepareAffine } from '../../reference/int8/prepare';
import { OpCalls, PointerNames, clampCtx, io } from './common';

/** Row strides of an affine's input and output (views only ever meet affine on the channel axis: pixel strides). */
function strides(x: Tensor, y: Tensor, rowLength: number, p: PointerNames): { inStride: number; outStride: number } {
  return { inStride: p.strided(x.id) ? p.stride(x.id) : rowLength, outStride: p.strided(y.id) ? p.stride(y.id) : rowLength };
}

export const affineCalls: OpCalls<'affine'> = {
  float(op, c) {
    const { x, y, base } = io(op, c);
    const [outer, ch, inner] = splitAxis(x.shape, op.attrs.axis);
    const { inStride, outStride } = strides(x, y, ch * inner, c.p);
    return {
      template: 'affine',
      kernels: ['affine_f32'],
      ctx: { ...base, ...clampCtx(op.attrs.clamp), outer, c: ch, inner, inStride, outStride, scale: c.p.ptr(op.inputs[1]), shift: c.p.ptr(op.inputs[2]) },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const [outer, ch, inner] = splitAxis(x.shape, op.attrs.axis);
    const sc = tensor(c.g, op.inputs[1]);
    const r = prepareAffine(x.quant, sc.quant, y.quant, ch, op.attrs.clamp, { rounding: c.rounding });
    const { inStride, outStride } = strides(x, y, ch * inner, p);
    return c.call('affine_s8', [
      p.ptr(x.id), outer, ch, inner, inStride, r.inZp, p.ptr(sc.id), p.ptr(op.inputs[2]), p.ptr(y.id), outStride, r.outZp,
      c.arr('mult', 'int32_t', r.multiplier), c.arr('shift', 'int8_t', r.shift), r.actMin, r.actMax,
    ]);
  },
};
