/**
 * The peak of live activation bytes of one op order, computed straight from the graph: the reference that
 * the reorder search's incremental state (./scheduleState.ts) must agree with.
 */
import { numel, tensor } from '../../ir/graph';
import { Graph, Op } from '../../ir/types';
import { aliasRoots } from './aliases';

/** Default buffer size: numel × 4 bytes (float32). */
export function defaultBytesOf(g: Graph): (id: number) => number {
  return (id) => numel(tensor(g, id).shape) * 4;
}

/**
 * Peak live bytes when `g`'s ops run in `order` (same model as `computeBuffers` + `lowerBound` with
 * alignment 1 and buffer sizes from `bytesOf`, default numel × 4).
 */
export function peakOfOrder(g: Graph, order: readonly Op[], bytesOf: (tensorId: number) => number = defaultBytesOf(g)): number {
  const find = aliasRoots(order);
  const groups = new Map<number, { bytes: number; first: number; last: number }>();
  const touch = (id: number, step: number): void => {
    if (tensor(g, id).data) return;
    const r = find(id);
    const b = bytesOf(id);
    const grp = groups.get(r);
    if (!grp) groups.set(r, { bytes: b, first: step, last: step });
    else {
      if (b > grp.bytes) grp.bytes = b;
      if (step < grp.first) grp.first = step;
      if (step > grp.last) grp.last = step;
    }
  };
  const end = Math.max(order.length - 1, 0);
  for (const id of g.inputs) touch(id, 0);
  order.forEach((op, step) => {
    for (const id of op.inputs) touch(id, step);
    for (const id of op.outputs) touch(id, step);
  });
  for (const id of g.outputs) touch(id, end);
  const diff = new Float64Array(end + 2);
  for (const grp of groups.values()) {
    diff[grp.first] += grp.bytes;
    diff[grp.last + 1] -= grp.bytes;
  }
  let live = 0;
  let peak = 0;
  for (let s = 0; s <= end; s++) {
    live += diff[s];
    if (live > peak) peak = live;
  }
  return peak;
}
