/**
 * Lower bounds of the peak over every op order. The search stops as soon as an order reaches the proven
 * bound, and a result at the bound is reported exact. (The upper bounds are the peaks of the orders found:
 * heuristics first, see ./greedy.ts and ./beam.ts.)
 */
import type { Reach } from './reachability';
import type { ScheduleModel } from './scheduleModel';

/**
 * A lower bound that needs no reachability: every step holds its op's buffers; step 0 holds every graph
 * input, the last step every graph output.
 */
export function staticLowerBound(m: ScheduleModel): number {
  let inBytes = 0;
  let outBytes = 0;
  for (let b = 0; b < m.bytes.length; b++) {
    if (m.isInput[b]) inBytes += m.bytes[b];
    if (m.isOutput[b]) outBytes += m.bytes[b];
  }
  let lb = Math.max(inBytes, outBytes);
  for (const t of m.touch) {
    let s = 0;
    for (const b of t) s += m.bytes[b];
    if (s > lb) lb = s;
  }
  return lb;
}

/**
 * A lower bound of the peak of every order: at an op's step its own buffers are live, and so is every
 * buffer that an ancestor of the op has started (or a graph input) and a descendant still reads (or a
 * graph output). Falls back to {@link staticLowerBound} without reachability.
 */
export function forcedLowerBound(m: ScheduleModel, reach: Reach | undefined): number {
  const staticLB = staticLowerBound(m);
  if (!reach) return staticLB;
  const { W, anc, desc } = reach;
  const n = m.n;
  const lb = new Float64Array(n);
  const touchers: number[][] = m.bytes.map(() => []);
  m.touch.forEach((t, v) => {
    for (const b of t) {
      lb[v] += m.bytes[b];
      touchers[b].push(v);
    }
  });
  const started = new Uint32Array(W);
  const needed = new Uint32Array(W);
  for (let b = 0; b < m.bytes.length; b++) {
    if (m.bytes[b] === 0 || touchers[b].length === 0) continue;
    started.fill(m.isInput[b] ? 0xffffffff : 0);
    needed.fill(m.isOutput[b] ? 0xffffffff : 0);
    for (const t of touchers[b]) {
      for (let k = 0; k < W; k++) {
        started[k] |= desc[t * W + k];
        needed[k] |= anc[t * W + k];
      }
    }
    for (const t of touchers[b]) started[t >>> 5] &= ~(1 << (t & 31));
    for (let k = 0; k < W; k++) {
      let x = started[k] & needed[k];
      while (x !== 0) {
        const bit = 31 - Math.clz32(x & -x);
        x &= x - 1;
        const v = (k << 5) + bit;
        if (v < n) lb[v] += m.bytes[b];
      }
    }
  }
  let best = staticLB;
  for (let v = 0; v < n; v++) if (lb[v] > best) best = lb[v];
  return best;
}
