/** QUANTIZE has no float32 meaning: it only occurs at the boundary of int8 graphs (src/reference/int8/quantize.ts). */
import { FloatKernel } from '../kernel';

/** Refuses: the op belongs to int8 graphs, which runInt8 runs. */
export const quantizeOp: FloatKernel<'quantize'> = (op) => {
  throw new Error(`op '${op.name}': quantize belongs to int8 graphs; run them with runInt8 (src/reference/runInt8.ts)`);
};
