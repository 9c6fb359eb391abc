/** int8 → float32 with the input tensor's parameters (TFLite DEQUANTIZE; a quantized graph's float outputs). */
import { NO_MACS, OpDef, Shapes } from './def';

export type DequantizeAttrs = Record<string, never>;

export const dequantize: OpDef<'dequantize'> = {
  summary: 'x = scale · (q − zero point) (int8 graphs only)',
  arity: [1, 1],
  shape: (_op, [x]: Shapes) => [...x],
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'free' },
  macs: NO_MACS,
  kernels: { float: [], int8: ['dequantize_s8'] },
};
