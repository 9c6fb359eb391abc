import { QuantParams } from '../../ir/types';
import { quantize } from '../../arith/index';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';
import { Int8Kernel } from '../kernel';

/**
 * QUANTIZE float32 → int8 as TFLite Micro's AffineQuantize, bit-exact: the float32 division x / scale,
 * std::round (halves away from zero), + zero point, clamped to [−128, 127] (see src/arith/quantParams.ts `quantize`).
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

/** The interpreter's entry for the quantize op (float32 input). */
export const quantizeOp: Int8Kernel<'quantize'> = (_op, io) => quantizeInt8(io.v(0) as Float32Array, io.y.quant);
