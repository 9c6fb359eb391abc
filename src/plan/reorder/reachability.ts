/** Ancestor and descendant sets of every op, as bitsets: what may run before or after what. */
import type { ScheduleModel } from './scheduleModel';

/** Ancestor and descendant bitsets (W words per op), or undefined for graphs too big for n² bits. */
export interface Reach {
  W: number;
  anc: Uint32Array;
  desc: Uint32Array;
}

/**
 * The ancestor and descendant bitsets of every op of `m` (ops are numbered in a topological order), or
 * undefined past 8000 ops (n² bits).
 */
export function reachability(m: ScheduleModel): Reach | undefined {
  const n = m.n;
  if (n > 8000) return undefined;
  const W = (n + 31) >>> 5;
  const anc = new Uint32Array(n * W);
  for (let i = 0; i < n; i++) {
    for (const p of m.preds[i]) {
      for (let k = 0; k < W; k++) anc[i * W + k] |= anc[p * W + k];
      anc[i * W + (p >>> 5)] |= 1 << (p & 31);
    }
  }
  const desc = new Uint32Array(n * W);
  for (let i = n - 1; i >= 0; i--) {
    for (const s of m.succs[i]) {
      for (let k = 0; k < W; k++) desc[i * W + k] |= desc[s * W + k];
      desc[i * W + (s >>> 5)] |= 1 << (s & 31);
    }
  }
  return { W, anc, desc };
}
