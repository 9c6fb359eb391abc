import { QuantParams } from '../../ir/types';
import { dequantize, quantize } from '../../arith/index';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';

/**
 * QUANTIZE float32 → int8 as TFLite Micro's AffineQuantize, bit-exact: the float32 division x / scale,
 * std::round (halves away from zero), + zero point, clamped to [−128, 127] (see quantize/params.ts `quantize`).
 * ±Infinity saturates; NaN gives the zero point (undefined in TFLite); the clamp is applied to the exact
 * value, so values beyond the int32 range saturate instead of hitting C's undefined float → int conversion.
 *
 * @param x float32 values (any shape)
 * @param quant output parameters (per tensor)
 * @returns int8 values, same length
 * @throws Error on bad parameters
 */
export function quantizeInt8(x: Float32Array, quant: QuantParams | undefined): Int8Array {
  const { scale, zeroPoint } = activationQuant(quant, 'quantizeInt8');
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = quantize(x[i], scale, zeroPoint, INT8_MIN, INT8_MAX);
  return out;
}

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
