/** Identity (training-only layers at inference): the input itself. */
import { FloatKernel } from '../kernel';

/** The interpreter's entry for the identity op: the input array itself. */
export const identityOp: FloatKernel<'identity'> = (_op, ins) => ins[0];
