import { ActivationFn, ActivationParams, QuantParams } from '../../ir/types';
import { dequantize, quantize } from '../../arith/index';
import { activation } from '../float/activation';
import { INT8_MAX, INT8_MIN, activationQuant } from './common';
import { tfliteActivationTable } from './activation_tflite';

/**
 * The 256-entry int8 lookup table of a unary activation between two int8 parameter sets. Any unary activation
 * that is not fused into the producer's clamp runs in int8 as this table (`tinyfit_activation_lut_s8`), computed once at
 * code-generation time:
 * - relu, relu6, relu_n1_to_1, leaky_relu and hard_swish: TFLite's own int8 kernel arithmetic evaluated for each
 *   input byte ({@link tfliteActivationTable}, src/reference/int8/tfliteUnary.ts), so an imported int8 model
 *   computes what TFLite Micro computes;
 * - every other function: table[q + 128] = quantize(f(dequantize(q))), where dequantize is TFLM's DEQUANTIZE
 *   (float32 s·(q − zp)), f is the float interpreter's own activation (src/reference/ops/activation.ts, result
 *   stored as float32) and quantize is TFLite's AffineQuantize (params.ts; NaN → zero point, ±∞ saturate).
 *
 * @param fn the activation function
 * @param params its parameters (defaults as the float op)
 * @param inQuant input parameters (per tensor)
 * @param outQuant output parameters (per tensor)
 * @returns 256 int8 entries, index q + 128
 * @throws Error on bad parameters
 */
export function activationLut(fn: ActivationFn, params: ActivationParams, inQuant: QuantParams | undefined, outQuant: QuantParams | undefined): Int8Array {
  const exact = tfliteActivationTable(fn, params, inQuant, outQuant);
  if (exact) return exact;
  const qi = activationQuant(inQuant, 'activationLut input');
  const qo = activationQuant(outQuant, 'activationLut output');
  const real = new Float32Array(256);
  for (let i = 0; i < 256; i++) real[i] = dequantize(i + INT8_MIN, qi.scale, qi.zeroPoint);
  const y = activation(real, { fn, params });
  const table = new Int8Array(256);
  for (let i = 0; i < 256; i++) table[i] = quantize(y[i], qo.scale, qo.zeroPoint, INT8_MIN, INT8_MAX);
  return table;
}

/**
 * Applies an int8 lookup table elementwise: out[i] = table[x[i] + 128] (reference of `tinyfit_activation_lut_s8`).
 *
 * @param x input, int8 (any shape)
 * @param table 256 entries, index q + 128 (see {@link activationLut})
 * @returns output, same length
 * @throws Error when the table does not have 256 entries
 */
export function lutInt8(x: Int8Array, table: Int8Array): Int8Array {
  if (table.length !== 256) throw new Error(`internal: lutInt8 table has ${table.length} entries, not 256`);
  return x.map((q) => table[q - INT8_MIN]);
}
