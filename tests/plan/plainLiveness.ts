import { dtypeBytes, numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';

/**
 * The plain liveness model (one buffer per tensor, reshape aliases, no in-place), kept as an independent
 * reference for the reordering tests' peak computation.
 */

/** One arena buffer: one activation tensor, or several that alias (a reshape's input and output). */
export interface Buffer {
  /** Index in the plan's buffer list. */
  index: number;
  /** Tensor ids stored in this buffer (aliases share bytes). */
  tensors: number[];
  /** Size in bytes, rounded up to the alignment. */
  bytes: number;
  /** First and last op step (inclusive) at which the buffer holds a live value. */
  first: number;
  last: number;
}

/** Rounds `n` up to a multiple of `align`. */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/**
 * Buffers and lifetimes for the graph's execution order (op i runs at step i). Graph inputs are live from
 * step 0, graph outputs until the last step. A reshape output aliases its input's buffer (same bytes).
 */
export function computeBuffers(g: Graph, align: number): Buffer[] {
  // Union reshape outputs into their input's alias group.
  const root = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (root.has(r) && root.get(r) !== r) r = root.get(r) as number;
    return r;
  };
  for (const op of g.ops) if (op.kind === 'reshape') root.set(op.outputs[0], find(op.inputs[0]));
  const groups = new Map<number, { tensors: number[]; first: number; last: number }>();
  const touch = (id: number, step: number) => {
    const t = tensor(g, id);
    if (t.data) return;
    const r = find(id);
    let grp = groups.get(r);
    if (!grp) groups.set(r, (grp = { tensors: [], first: step, last: step }));
    if (!grp.tensors.includes(id)) grp.tensors.push(id);
    grp.first = Math.min(grp.first, step);
    grp.last = Math.max(grp.last, step);
  };
  const end = Math.max(g.ops.length - 1, 0);
  for (const id of g.inputs) touch(id, 0);
  g.ops.forEach((op, step) => {
    for (const id of op.inputs) touch(id, step);
    for (const id of op.outputs) touch(id, step);
  });
  for (const id of g.outputs) touch(id, end);
  return [...groups.values()].map((grp, index) => {
    const bytes = Math.max(...grp.tensors.map((id) => numel(tensor(g, id).shape) * dtypeBytes(tensor(g, id).dtype)));
    return { index, tensors: grp.tensors, bytes: alignUp(bytes, align), first: grp.first, last: grp.last };
  });
}

/** True when two buffers are live at a common step. */
export function overlapsInTime(a: Buffer, b: Buffer): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** The liveness lower bound: the largest sum of live buffer bytes at any step, and that step. */
export function lowerBound(buffers: Buffer[], steps: number): { bytes: number; step: number } {
  let best = { bytes: 0, step: 0 };
  for (let s = 0; s < Math.max(steps, 1); s++) {
    let sum = 0;
    for (const b of buffers) if (b.first <= s && s <= b.last) sum += b.bytes;
    if (sum > best.bytes) best = { bytes: sum, step: s };
  }
  return best;
}
