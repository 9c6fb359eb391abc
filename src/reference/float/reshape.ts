/** Reshape: the same values under another shape (the interpreter shares the input array). */
import { FloatKernel } from '../kernel';

/** The interpreter's entry for the reshape op: the input array itself. */
export const reshapeOp: FloatKernel<'reshape'> = (_op, ins) => ins[0];
