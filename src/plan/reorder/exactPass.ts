/**
 * One pass of the exact search over the open segments, within a node budget or a time budget: what is
 * proven raises the whole graph's lower bound, and what is found improves the segments' orders.
 */
import { performance } from 'perf_hooks';
import { ABORT, branchAndBound, reconstructOrder } from './branchAndBound';
import { rootKey } from './memo';
import type { SearchContext } from './searchContext';
import { Segment, sortByPeak } from './segments';

/**
 * Exact search of the open segments not yet done (highest peak first) until `until`: each gets at most
 * `nodes` search nodes when given, else a share of the time left. A segment whose peak is at most the
 * proven lower bound is good enough as it is. Returns `provenLB` raised by what the searches proved.
 */
export function exactPass(ctx: SearchContext, open: Segment[], provenLB: number, until: number, nodes = Infinity): number {
  const todo = sortByPeak(open).filter((s) => !s.done);
  for (let k = 0; k < todo.length; k++) {
    const seg = todo[k];
    if (seg.peak <= provenLB) {
      seg.done = true; // good enough: some other part of the graph needs at least this much
      continue;
    }
    const now = performance.now();
    const left = until - now;
    if (left <= 0) break;
    ctx.deadline = nodes === Infinity ? now + left / (todo.length - k) : until;
    ctx.nodeLimit = ctx.nodes + nodes;
    ctx.base(seg);
    const hi = seg.peak;
    try {
      const r = branchAndBound(ctx, seg, provenLB, hi);
      ctx.base(seg);
      if (r < hi) {
        const o = reconstructOrder(ctx, seg);
        const p = o ? ctx.evalSeq(o) : Infinity;
        if (o && p <= r) {
          seg.order = o;
          seg.peak = p;
        }
        if (r > provenLB) provenLB = r; // the segment's exact minimum
      } else if (hi > provenLB) provenLB = hi; // nothing below the heuristic: it is the minimum
      seg.done = true;
    } catch (err) {
      if (err !== ABORT && !(err instanceof RangeError)) throw err;
      ctx.base(seg);
      const root = seg.memo.get(rootKey(seg.ops.length));
      if (root) {
        if (root.ub < seg.peak) {
          const o = reconstructOrder(ctx, seg);
          const p = o ? ctx.evalSeq(o) : Infinity;
          if (o && p < seg.peak) {
            seg.order = o;
            seg.peak = p;
          }
        }
        if (root.lb > provenLB) provenLB = root.lb;
      }
      if (err instanceof RangeError) seg.done = true; // too deep to search: keep the heuristic
    }
  }
  return provenLB;
}
