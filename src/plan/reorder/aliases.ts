/**
 * Reshape aliasing for the reorder search: a reshape output shares its input's buffer, as in `computeBuffers`
 * of the plain liveness model.
 */
import { Op } from '../../ir/types';

/** Alias-group root finder built like `computeBuffers`: a reshape output joins its input's group. */
export function aliasRoots(ops: readonly Op[]): (id: number) => number {
  const root = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (root.has(r) && root.get(r) !== r) r = root.get(r) as number;
    return r;
  };
  for (const op of ops) if (op.kind === 'reshape') root.set(op.outputs[0], find(op.inputs[0]));
  return find;
}
