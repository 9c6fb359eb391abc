import { consumers } from '../ir/graph';
import { Graph, Op } from '../ir/types';

/** The single op reading tensor `id`, or undefined when it has several readers or is a graph output. */
export function soleConsumer(g: Graph, id: number, readers = consumers(g)): Op | undefined {
  if (g.outputs.includes(id)) return undefined;
  const list = readers.get(id);
  if (!list || list.length !== 1) return undefined;
  // An op reading the same tensor twice (x + x) still counts as one reader only if it reads it once.
  return list[0].inputs.filter((i) => i === id).length === 1 ? list[0] : undefined;
}

/** True when the op carries a fused clamp that clamps nothing (so another clamp may be fused or folded). */
export function isUnclamped(op: Op): boolean {
  return 'clamp' in op.attrs && op.attrs.clamp.min === -Infinity && op.attrs.clamp.max === Infinity;
}

/** Removes ops from the graph (by identity). */
export function removeOps(g: Graph, dead: Set<Op>): void {
  if (dead.size > 0) g.ops = g.ops.filter((op) => !dead.has(op));
}
