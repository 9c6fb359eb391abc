/**
 * The heuristic orders of each segment (the original order and three greedy list schedules): the first
 * upper bounds of the search, and the answer when it does not finish.
 */
import { isChain } from './scheduleModel';
import type { SearchContext } from './searchContext';
import type { Segment } from './segments';

/**
 * Sets each segment's starting order and peak: the best of its original order and the three greedy
 * variants. A segment with a single valid order is marked `fixed` and `done`, and its peak is a proven
 * lower bound of the whole graph. Returns `provenLB` raised by those peaks.
 */
export function heuristicOrders(ctx: SearchContext, segments: Segment[], provenLB: number): number {
  for (const seg of segments) {
    ctx.base(seg);
    seg.peak = ctx.evalSeq(seg.ops);
    seg.fixed = isChain(ctx.m, seg.ops);
    if (seg.fixed) {
      seg.done = true;
      if (seg.peak > provenLB) provenLB = seg.peak;
      continue;
    }
    for (const variant of [0, 1, 2] as const) {
      const o = greedyOrder(ctx, seg, variant);
      const p = ctx.evalSeq(o);
      if (p < seg.peak) {
        seg.peak = p;
        seg.order = o;
      }
    }
  }
  return provenLB;
}

/**
 * Greedy list schedule of the segment from the base state. Variant 0: least step cost, then least
 * resident bytes after, then original order. 1: least resident after, then step cost. 2: depth first (a
 * successor of the last op if any), then as 0. State left at base.
 */
export function greedyOrder(ctx: SearchContext, seg: Segment, variant: 0 | 1 | 2): number[] {
  const st = ctx.st;
  const k = ctx.segOf[seg.ops[0]];
  let ready = ctx.initialReady(seg);
  const order: number[] = [];
  let last = -1;
  while (ready.length > 0) {
    let best = -1;
    let bk1 = Infinity;
    let bk2 = Infinity;
    let bk0 = Infinity;
    for (const v of ready) {
      const c = st.cost(v);
      const a = st.after(v);
      const k0 = variant === 2 && last >= 0 && ctx.m.preds[v].includes(last) ? 0 : 1;
      const k1 = variant === 1 ? a : c;
      const k2 = variant === 1 ? c : a;
      if (k0 < bk0 || (k0 === bk0 && (k1 < bk1 || (k1 === bk1 && (k2 < bk2 || (k2 === bk2 && v < best)))))) {
        best = v;
        bk0 = k0;
        bk1 = k1;
        bk2 = k2;
      }
    }
    st.apply(best);
    order.push(best);
    last = best;
    ready = ready.filter((v) => v !== best);
    for (const w of ctx.m.succs[best]) if (st.indeg[w] === 0 && ctx.segOf[w] === k) ready.push(w);
  }
  for (let i = order.length - 1; i >= 0; i--) st.undo(order[i]);
  return order;
}
