/** float32 → int8 with the output tensor's parameters (TFLite QUANTIZE; a quantized graph's float inputs). */
import { NO_MACS, OpDef, Shapes } from './def';

export type QuantizeAttrs = Record<string, never>;

export const quantize: OpDef<'quantize'> = {
  summary: 'q = clamp(round(x / scale) + zero point) (int8 graphs only)',
  arity: [1, 1],
  shape: (_op, [x]: Shapes) => [...x],
  memory: {},
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'free' },
  macs: NO_MACS,
  kernels: { float: [], int8: ['quantize_s8'] },
};
