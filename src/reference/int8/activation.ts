/**
 * Int8 activations: TFLite's dedicated LOGISTIC (./activation_logistic.ts) and TANH (./activation_tanh.ts)
 * arithmetic; every other function as a 256-entry lookup table computed at generation time
 * (./activation_lut.ts, with TFLite's exact tables for the functions it has integer kernels for,
 * ./activation_tflite.ts).
 */
import { Int8Kernel } from '../kernel';
import { logisticInt8 } from './activation_logistic';
import { activationLut, lutInt8 } from './activation_lut';
import { tanhInt8 } from './activation_tanh';

/** The interpreter's entry for the activation op: dispatches on its function. */
export const activationOp: Int8Kernel<'activation'> = (op, io) => {
  const q = io.t(0).quant;
  if (op.attrs.fn === 'sigmoid') return logisticInt8(io.x(0), q!);
  if (op.attrs.fn === 'tanh') return tanhInt8(io.x(0), q!);
  return lutInt8(io.x(0), activationLut(op.attrs.fn, op.attrs.params, q, io.y.quant));
};
