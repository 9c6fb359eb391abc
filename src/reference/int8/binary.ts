/**
 * Int8 elementwise binary ops: TFLite's ADD/SUB (./binary_add.ts), MUL (./binary_mul.ts) and MAXIMUM/MINIMUM
 * (./binary_minmax.ts) arithmetic, one C kernel each (binary_add_s8, binary_mul_s8, binary_minmax_s8).
 */
import { numel } from '../../ir/shapes';
import { Int8Kernel } from '../kernel';
import { addInt8 } from './binary_add';
import { minMaxInt8 } from './binary_minmax';
import { mulInt8 } from './binary_mul';

/** The interpreter's entry for the binary op: dispatches on its function. */
export const binaryOp: Int8Kernel<'binary'> = (op, io) => {
  const n = numel(io.y.shape);
  const [a, qa, b, qb] = [io.x(0), io.t(0).quant, io.x(1), io.t(1).quant];
  if (op.attrs.fn === 'add' || op.attrs.fn === 'sub') return addInt8(a, qa, b, qb, io.y.quant, op.attrs, n, io.opts);
  if (op.attrs.fn === 'mul') return mulInt8(a, qa, b, qb, io.y.quant, op.attrs, n, io.opts);
  return minMaxInt8(a, qa, b, qb, io.y.quant, op.attrs, n, io.opts);
};
