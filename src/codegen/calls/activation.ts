/** C calls of activation: activation_f32; activation_logistic_s8, activation_tanh_s8 and the table kernel activation_lut_s8. */
import { ActivationFn } from '../../ir/types';
import { activationParams } from '../../reference/float/activation';
import { logisticParams } from '../../reference/int8/activation_logistic';
import { activationLut } from '../../reference/int8/activation_lut';
import { tanhParams } from '../../reference/int8/activation_tanh';
import { OpCalls, cFloat, cInt32, io, rowsOf } from './common';

/** The C enum constant of each function (TINYFIT_ACT_* in activation_f32.h). */
const ACT_ENUM: Record<ActivationFn, string> = {
  linear: 'LINEAR',
  relu: 'RELU',
  relu6: 'RELU6',
  sigmoid: 'SIGMOID',
  hard_sigmoid: 'HARD_SIGMOID',
  tanh: 'TANH',
  elu: 'ELU',
  selu: 'SELU',
  softplus: 'SOFTPLUS',
  softsign: 'SOFTSIGN',
  swish: 'SWISH',
  leaky_relu: 'LEAKY_RELU',
  relu_ex: 'RELU_EX',
  scale: 'SCALE',
  hard_swish: 'HARD_SWISH',
  relu_n1_to_1: 'RELU_N1_TO_1',
};

export const activationCalls: OpCalls<'activation'> = {
  float(op, c) {
    const { x, y, base } = io(op, c);
    const fn = op.attrs.fn;
    // The reference's own parameter resolution (defaults included), so C and reference cannot disagree.
    const [p0, p1, p2] = activationParams(fn, op.attrs.params);
    return {
      template: 'activation',
      kernels: ['activation_f32'],
      ctx: { ...base, ...rowsOf(x, y, c.p), fn: ACT_ENUM[fn], p0: cFloat(p0), p1: cFloat(p1), p2: cFloat(p2) },
    };
  },
  int8(op, c) {
    const { x, y } = io(op, c);
    const p = c.p;
    const { rows, n, inStride, outStride } = rowsOf(x, y, p);
    if (op.attrs.fn === 'sigmoid' || op.attrs.fn === 'tanh') {
      const k = op.attrs.fn === 'sigmoid' ? logisticParams(x.quant!) : tanhParams(x.quant!);
      return c.call(op.attrs.fn === 'sigmoid' ? 'activation_logistic_s8' : 'activation_tanh_s8', [
        p.ptr(x.id), inStride, p.ptr(y.id), outStride, rows, n, k.inputZeroPoint, k.inputRangeRadius, cInt32(k.inputMultiplier), k.inputLeftShift,
      ]);
    }
    const table = c.arr('lut', 'int8_t', activationLut(op.attrs.fn, op.attrs.params, x.quant, y.quant));
    return c.call('activation_lut_s8', [p.ptr(x.id), inStride, p.ptr(y.id), outStride, rows, n, table]);
  },
};
