/** DEQUANTIZE has no float32 meaning: it only occurs at the boundary of int8 graphs (src/reference/int8/dequantize.ts). */
import { FloatKernel } from '../kernel';

/** Refuses: the op belongs to int8 graphs, which runInt8 runs. */
export const dequantizeOp: FloatKernel<'dequantize'> = (op) => {
  throw new Error(`op '${op.name}': dequantize belongs to int8 graphs; run them with runInt8 (src/reference/runInt8.ts)`);
};
