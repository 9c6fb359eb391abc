/**
 * The exact search: memoised branch-and-bound over the executed-op sets of a segment, after Liberis & Lane
 * 2019 ("Neural networks on microcontrollers: saving memory at inference via operator reordering"). The
 * set S of executed ops determines which buffers are resident, so
 *
 *   f(S) = min over ready v of max(cost(S, v), f(S ∪ {v})),  f(all) = 0,
 *
 * where cost(S, v) is the live bytes at the step that runs v. Memo entries keep a proven lower bound and an
 * achieved upper bound (with the move achieving it) of f(S), so searches cut off by a bound still leave
 * reusable facts. Values at or below `lo` (the peak already reached on the path, or a proven lower bound of
 * the whole problem) are "good enough" and end a node early; values at or above `hi` (the best order known)
 * are pruned. A dominance rule schedules at once a ready op whose step costs no more than `lo` and that
 * frees at least what it allocates (reshapes, most ops consuming the last use of a big input).
 */
import { performance } from 'perf_hooks';
import type { SearchContext } from './searchContext';
import type { Segment } from './segments';

/** Thrown to unwind the search at the deadline or the state cap. */
export const ABORT = new Error('reorder search aborted');

/** Upper limit on memoised states over the whole call (memory guard). */
const MAX_STATES = 1_000_000;

/**
 * Memoised branch-and-bound over the segment from the base state, until `ctx.deadline` or `ctx.nodeLimit`.
 * Returns the value of the root: below `hi` when an order of that peak was found (recorded in the memo),
 * else a lower bound ≥ hi. Throws ABORT at the deadline, node limit or state cap (the state is then
 * inconsistent: call `ctx.base()`).
 */
export function branchAndBound(ctx: SearchContext, seg: Segment, lo: number, hi: number): number {
  const m = ctx.m;
  const st = ctx.st;
  const k = ctx.segOf[seg.ops[0]];
  const memo = seg.memo;
  const L = seg.ops.length;
  const localIdx = new Int32Array(m.n).fill(-1);
  seg.ops.forEach((v, i) => (localIdx[v] = i));
  const useNum = L <= 52;
  const bits = new Uint16Array((L + 15) >>> 4);
  let numKey = 0;
  let placed = 0;
  const allowForce = m.endExtra === 0;
  const keyOf = (): number | string => (useNum ? numKey : String.fromCharCode.apply(null, bits as unknown as number[]));
  const place = (v: number): void => {
    const li = localIdx[v];
    if (useNum) numKey += 2 ** li;
    else bits[li >>> 4] ^= 1 << (li & 15);
    placed++;
    st.apply(v);
  };
  const unplace = (v: number): void => {
    st.undo(v);
    placed--;
    const li = localIdx[v];
    if (useNum) numKey -= 2 ** li;
    else bits[li >>> 4] ^= 1 << (li & 15);
  };

  const solve = (ready: number[], lo: number, hi: number): number => {
    if (placed === L) return 0;
    if (++ctx.nodes >= ctx.nodeLimit || ((ctx.nodes & 255) === 0 && performance.now() > ctx.deadline)) throw ABORT;
    const key = keyOf();
    let e = memo.get(key);
    let lo2 = lo;
    let hi2 = hi;
    if (e) {
      if (e.ub <= lo || e.ub === e.lb) return e.ub;
      if (e.lb >= hi) return e.lb;
      if (e.lb > lo2) lo2 = e.lb;
      if (e.ub < hi2) hi2 = e.ub;
    } else {
      if (++ctx.states > MAX_STATES) throw ABORT;
      e = { lb: 0, ub: Infinity, mv: -1 };
      memo.set(key, e);
    }
    const nr = ready.length;
    if (nr === 0) throw new Error('internal: reorder search found no ready op (cyclic graph?)');
    const costs = new Float64Array(nr);
    const afters = new Float64Array(nr);
    const idx: number[] = [];
    let forced = -1;
    const extra = (st.count === 0 ? m.step0Extra : 0) + (st.count === m.n - 1 ? m.endExtra : 0);
    const R = st.R;
    for (let i = 0; i < nr; i++) {
      let c = R + extra;
      let a = R;
      for (const b of m.touch[ready[i]]) {
        if (st.started[b] === 0 && !m.isInput[b]) {
          c += m.bytes[b];
          a += m.bytes[b];
        }
        if (st.remaining[b] === 1 && !m.isOutput[b]) a -= m.bytes[b];
      }
      costs[i] = c;
      afters[i] = a;
      if (allowForce && c <= lo2 && a <= R) {
        forced = i;
        break;
      }
      // insertion into idx, ordered by (cost, after, op index)
      let j = idx.length;
      idx.push(i);
      while (j > 0) {
        const q = idx[j - 1];
        if (costs[q] < c || (costs[q] === c && (afters[q] < a || (afters[q] === a && ready[q] < ready[i])))) break;
        idx[j] = q;
        j--;
      }
      idx[j] = i;
    }
    if (forced >= 0) {
      idx.length = 1;
      idx[0] = forced;
    }
    let best = hi2;
    let lbAll = Infinity;
    for (const i of idx) {
      const v = ready[i];
      const c = costs[i];
      if (c >= best) {
        if (c < lbAll) lbAll = c;
        break;
      }
      place(v);
      const child: number[] = [];
      for (const u of ready) if (u !== v) child.push(u);
      for (const w of m.succs[v]) if (st.indeg[w] === 0 && ctx.segOf[w] === k) child.push(w);
      const r = solve(child, c > lo2 ? c : lo2, best);
      unplace(v);
      const cand = r > c ? r : c;
      if (cand < best) {
        best = cand;
        e.ub = cand;
        e.mv = v;
        if (best <= lo2) break;
      } else if (cand < lbAll) lbAll = cand;
    }
    if (best < hi2) {
      if (best > lo2) e.lb = best;
      return best;
    }
    if (hi2 === e.ub) {
      e.lb = e.ub;
      return e.ub;
    }
    if (lbAll > e.lb) e.lb = lbAll;
    return lbAll;
  };

  return solve(ctx.initialReady(seg), lo, hi);
}

/** The order recorded in the memo from the base state (state left at base), or undefined. */
export function reconstructOrder(ctx: SearchContext, seg: Segment): number[] | undefined {
  const st = ctx.st;
  const L = seg.ops.length;
  const localIdx = new Map<number, number>();
  seg.ops.forEach((v, i) => localIdx.set(v, i));
  const useNum = L <= 52;
  const bits = new Uint16Array((L + 15) >>> 4);
  let numKey = 0;
  const order: number[] = [];
  let ok = true;
  while (order.length < L) {
    const e = seg.memo.get(useNum ? numKey : String.fromCharCode.apply(null, bits as unknown as number[]));
    if (!e || e.mv < 0 || st.indeg[e.mv] !== 0 || order.includes(e.mv)) {
      ok = false;
      break;
    }
    const li = localIdx.get(e.mv) as number;
    if (useNum) numKey += 2 ** li;
    else bits[li >>> 4] ^= 1 << (li & 15);
    st.apply(e.mv);
    order.push(e.mv);
  }
  for (let i = order.length - 1; i >= 0; i--) st.undo(order[i]);
  return ok ? order : undefined;
}
