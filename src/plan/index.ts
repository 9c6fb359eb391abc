import { Graph } from '../ir/types';
import { greedyBySize } from './greedy';
import { Buffer, computeBuffers, lowerBound } from './liveness';

export { computeBuffers, lowerBound } from './liveness';
export { greedyBySize } from './greedy';

/** A memory plan: where every activation tensor lives in the arena. */
export interface MemoryPlan {
  arenaBytes: number;
  /** Liveness lower bound for this op order, and the step where it is reached. */
  lowerBound: number;
  peakStep: number;
  buffers: Buffer[];
  /** Arena offset of every activation tensor id. */
  offsets: Map<number, number>;
  align: number;
}

/** Plans the arena for the graph's op order with the greedy-by-size placement. */
export function planMemory(g: Graph, align = 16): MemoryPlan {
  const buffers = computeBuffers(g, align);
  const placement = greedyBySize(buffers);
  const lb = lowerBound(buffers, g.ops.length);
  const offsets = new Map<number, number>();
  for (const b of buffers) for (const t of b.tensors) offsets.set(t, placement.offsets[b.index]);
  return { arenaBytes: placement.arenaBytes, lowerBound: lb.bytes, peakStep: lb.step, buffers, offsets, align };
}
