/**
 * A lower bound on the arena that stays valid when PairRules let buffers overlap.
 */
import { liveTogether, PairRule, PlacementProblem } from './problem';

/**
 * The most bytes two buffers of a rule can share: the largest overlap of [0, bytes(a)) and [d, d + bytes(b))
 * over every d = off(b) − off(a) that is a multiple of the alignment (both offsets are) and lies outside the
 * rule's forbidden open intervals. The overlap is piecewise linear in d with breakpoints −bytes(b), 0,
 * bytes(a) − bytes(b), bytes(a), so over the aligned legal points its maximum is at an aligned point next to a
 * breakpoint or to an interval end.
 */
export function ruleMaxOverlap(p: PlacementProblem, rule: PairRule): number {
  const ba = p.buffers[rule.a].bytes;
  const bb = p.buffers[rule.b].bytes;
  const align = Math.max(1, p.align);
  const overlap = (d: number) => Math.max(0, Math.min(ba, d + bb) - Math.max(0, d));
  const legal = (d: number) => rule.forbidden.every(([lo, hi]) => !(d > lo && d < hi));
  const breakpoints = [-bb, 0, ba - bb, ba];
  for (const [lo, hi] of rule.forbidden) breakpoints.push(lo, hi);
  let best = 0;
  for (const v of breakpoints) {
    for (const d of [Math.floor(v / align) * align, Math.ceil(v / align) * align]) {
      if (legal(d)) best = Math.max(best, overlap(d));
    }
  }
  return best;
}

/**
 * The relaxed liveness bound: at every step, the live bytes minus, for every rule whose two buffers are both
 * live at that step, the most bytes that pair could share ({@link ruleMaxOverlap}); the bound is the largest
 * value over the steps (and at least the largest buffer), rounded up to the alignment when every size is a
 * multiple of it. Valid because the bytes the live buffers cover are at
 * least Σ bytes − Σ pairwise overlaps (Bonferroni), and only ruled pairs may overlap. Without rules it equals
 * `lowerBound` of problem.ts. `step` is where it is reached (−1 when it is the largest buffer alone).
 */
export function relaxedLowerBound(p: PlacementProblem): { bytes: number; step: number } {
  const steps = Math.max(p.steps, ...p.buffers.map((b) => b.last + 1), 0);
  const delta = new Array<number>(steps + 1).fill(0);
  for (const b of p.buffers) {
    delta[b.first] += b.bytes;
    delta[b.last + 1] -= b.bytes;
  }
  for (const r of p.rules) {
    const a = p.buffers[r.a];
    const b = p.buffers[r.b];
    if (!a || !b || r.a === r.b || !liveTogether(a, b)) continue;
    // (A pair listed twice only weakens the bound; the algorithms use the last rule, like ruleIndex.)
    const save = ruleMaxOverlap(p, r);
    delta[Math.max(a.first, b.first)] -= save;
    delta[Math.min(a.last, b.last) + 1] += save;
  }
  let best = { bytes: 0, step: 0 };
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    sum += delta[s];
    if (sum > best.bytes) best = { bytes: sum, step: s };
  }
  for (const b of p.buffers) if (b.bytes > best.bytes) best = { bytes: b.bytes, step: -1 };
  // With every size a multiple of the alignment, so is every end and hence the arena.
  const align = Math.max(1, p.align);
  if (p.buffers.every((b) => b.bytes % align === 0)) best.bytes = Math.ceil(best.bytes / align) * align;
  return best;
}
