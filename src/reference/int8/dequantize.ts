import { QuantParams } from '../../ir/types';
import { dequantize } from '../../arith/index';
import { activationQuant } from './common';
import { Int8Kernel } from '../kernel';

/**
 * DEQUANTIZE int8 → float32 as TFLite Micro's Dequantize, bit-exact: float32(scale · (q − zero point)), one
 * rounding of the exact product (TFLM multiplies in double and casts; the product of a float32 by a 9-bit
 * integer is exact in double, so this is the same as a float32 multiply).
 *
 * @param q int8 values (any shape)
 * @param quant input parameters (per tensor)
 * @returns float32 values, same length
 * @throws Error on bad parameters
 */
export function dequantizeInt8(q: Int8Array, quant: QuantParams | undefined): Float32Array {
  const { scale, zeroPoint } = activationQuant(quant, 'dequantizeInt8');
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = dequantize(q[i], scale, zeroPoint);
  return out;
}

/** The interpreter's entry for the dequantize op (float32 output). */
export const dequantizeOp: Int8Kernel<'dequantize'> = (_op, io) => dequantizeInt8(io.x(0), io.t(0).quant);
