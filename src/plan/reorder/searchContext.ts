/**
 * What the searches of one `reorderOps` call share: the liveness state, which segment each op belongs to,
 * the node and state counters, and the deadline.
 */
import { ScheduleModel } from './scheduleModel';
import { ScheduleState } from './scheduleState';
import type { Segment } from './segments';

/** Per-call search context. */
export class SearchContext {
  readonly st: ScheduleState;
  readonly segOf: Int32Array;
  states = 0;
  nodes = 0;
  deadline = 0;
  /** The search aborts once `nodes` reaches this (a deterministic budget, unlike the deadline). */
  nodeLimit = Infinity;

  constructor(readonly m: ScheduleModel, readonly segments: Segment[]) {
    this.st = new ScheduleState(m);
    this.segOf = new Int32Array(m.n).fill(-1);
    segments.forEach((s, k) => s.ops.forEach((v) => (this.segOf[v] = k)));
  }

  /** Resets the state to "every op before the segment executed" (the original order up to it). */
  base(seg: Segment): void {
    this.st.reset();
    for (let i = 0; i < seg.start; i++) this.st.apply(i);
  }

  /** Peak over the segment's steps of running `order` from the base state (state left at base). */
  evalSeq(order: readonly number[]): number {
    const st = this.st;
    let peak = 0;
    for (const v of order) {
      const c = st.cost(v);
      if (c > peak) peak = c;
      st.apply(v);
    }
    for (let k = order.length - 1; k >= 0; k--) st.undo(order[k]);
    return peak;
  }

  /** The segment's ops that are ready in the current state. */
  initialReady(seg: Segment): number[] {
    return seg.ops.filter((v) => this.st.indeg[v] === 0);
  }
}
