/** Int8 identity (training-only layers at inference): the input itself. */
import { Int8Kernel } from '../kernel';

/** The interpreter's entry for the identity op: the input array itself. */
export const identityOp: Int8Kernel<'identity'> = (_op, io) => io.x(0);
