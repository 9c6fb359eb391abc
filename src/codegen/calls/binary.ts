/** C calls of binary: binary_f32; binary_add_s8 (add, sub), binary_mul_s8, binary_minmax_s8. */
import { numel, tensor } from '../../ir/graph';
import { BinaryFn } from '../../ir/types';
import { activationQuant, outputRange } from '../../reference/int8/common';
import { addSubMultipliers } from '../../reference/int8/binary_add';
import { mulMultiplier } from '../../reference/int8/binary_mul';
import { requantPlan } from '../../reference/int8/concat';
import { OpCalls, cInt32, clampCtx, io } from './common';

/** The C enum constant of each function (TINYFIT_BIN_* in binary_f32.h). */
const BIN_ENUM: Record<BinaryFn, string> = { add: 'ADD', sub: 'SUB', mul: 'MUL', max: 'MAX', min: 'MIN' };

export const binaryCalls: OpCalls<'binary'> = {
  float(op, c) {
    const { x, y, base } = io(op, c);
    return {
      template: 'binary',
      kernels: ['binary_f32'],
      ctx: {
        ...base,
        ...clampCtx(op.attrs.clamp),
        na: numel(x.shape),
        b: c.p.ptr(op.inputs[1]),
        nb: numel(tensor(c.g, op.inputs[1]).shape),
        n: numel(y.shape),
        fn: BIN_ENUM[op.attrs.fn],
      },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const b = tensor(c.g, op.inputs[1]);
    const qa = activationQuant(x.quant, x.name);
    const qb = activationQuant(b.quant, b.name);
    const qo = activationQuant(y.quant, y.name);
    const { min, max } = outputRange(op.attrs.clamp, qo);
    const head = [p.ptr(x.id), numel(x.shape), p.ptr(b.id), numel(b.shape), p.ptr(y.id), numel(y.shape)];
    const fn = op.attrs.fn;
    if (fn === 'add' || fn === 'sub') {
      const m = addSubMultipliers(fn, qa, qb, qo, c.rounding);
      return c.call('binary_add_s8', [
        ...head, qa.zeroPoint, cInt32(m.input1.multiplier), m.input1.shift, qb.zeroPoint, cInt32(m.input2.multiplier), m.input2.shift,
        qo.zeroPoint, cInt32(m.output.multiplier), m.output.shift, fn === 'sub' ? 1 : 0, min, max,
      ]);
    }
    if (fn === 'mul') {
      const m = mulMultiplier(qa.scale, qb.scale, qo.scale, c.rounding);
      return c.call('binary_mul_s8', [...head, qa.zeroPoint, qb.zeroPoint, qo.zeroPoint, cInt32(m.multiplier), m.shift, min, max]);
    }
    const pa = requantPlan(qa, qo, c.rounding);
    const pb = requantPlan(qb, qo, c.rounding);
    return c.call('binary_minmax_s8', [
      ...head, pa.zeroPoint, cInt32(pa.multiplier.multiplier), pa.multiplier.shift, pa.copy ? 1 : 0,
      pb.zeroPoint, cInt32(pb.multiplier.multiplier), pb.multiplier.shift, pb.copy ? 1 : 0, qo.zeroPoint, fn === 'min' ? 1 : 0, min, max,
    ]);
  },
};
