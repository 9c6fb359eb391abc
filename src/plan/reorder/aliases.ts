/**
 * Aliasing for the reorder search: the output of an alias op (the op table's `memory.alias`: reshape, identity)
 * shares its input's buffer, as in the placement problem's plain buffers (src/plan/build.ts).
 */
import { opDef } from '../../ir/ops';
import { Op } from '../../ir/types';

/** Alias-group root finder: an alias op's output joins its input's group. */
export function aliasRoots(ops: readonly Op[]): (id: number) => number {
  const root = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (root.has(r) && root.get(r) !== r) r = root.get(r) as number;
    return r;
  };
  for (const op of ops) if (opDef(op).memory.alias) root.set(op.outputs[0], find(op.inputs[0]));
  return find;
}
