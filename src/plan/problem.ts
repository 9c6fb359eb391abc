/**
 * The placement problem, independent of graphs: buffers with sizes and lifetimes, and for every pair of buffers
 * live at a common step the relative offsets they may not take. Placement algorithms, the independent checker
 * and the reports work on this alone.
 */

/** One block of arena bytes. */
export interface PlanBuffer {
  /** Index in `PlacementProblem.buffers`. */
  id: number;
  /** Size in bytes (already rounded up to the alignment). */
  bytes: number;
  /** First and last op step (inclusive) at which the buffer holds a live value. */
  first: number;
  last: number;
  /** What it holds, for reports: tensor names, or "scratch: <op>". */
  label: string;
  /** Tensor ids stored in it (aliases and views share one buffer); empty for scratch. */
  tensors: number[];
  kind: 'activation' | 'scratch';
}

/**
 * A relaxed constraint between two buffers live at a common step. By default buffers `a` and `b` may not
 * overlap at all: d = off(b) − off(a) must avoid the open interval (−bytes(b), bytes(a)). When an op can stream
 * its output over its own dying input (in-place elementwise ops, 1×1 convolutions writing behind their reads),
 * a pair lists the intervals that are actually forbidden instead; every d outside them is legal.
 */
export interface PairRule {
  a: number;
  b: number;
  /** Forbidden open intervals (lo, hi) for d = off(b) − off(a), sorted, disjoint. */
  forbidden: [number, number][];
  /** Why (for reports and checker messages), e.g. "1x1 conv 'pw1' writes behind its reads". */
  reason: string;
}

/** A placement problem. */
export interface PlacementProblem {
  buffers: PlanBuffer[];
  /** Number of op steps (0 … steps−1). */
  steps: number;
  /** Offsets must be multiples of this. */
  align: number;
  /** Relaxed pairs; any other pair of time-overlapping buffers must be disjoint. */
  rules: PairRule[];
}

/** A solution: `offsets[i]` is where buffer i starts. */
export interface Placement {
  offsets: number[];
  arenaBytes: number;
  /** Algorithm that produced it. */
  algorithm: string;
}

/** Rounds `n` up to a multiple of `align`. */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/** True when two buffers are live at a common step. */
export function liveTogether(a: PlanBuffer, b: PlanBuffer): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * The forbidden intervals for d = off(b) − off(a) between two time-overlapping buffers: the pair's rule when
 * one exists (in either orientation), else plain disjointness.
 */
export function forbiddenIntervals(p: PlacementProblem, a: number, b: number, rules = ruleIndex(p)): [number, number][] {
  const r = rules.get(key(a, b));
  if (r) return r.a === a ? r.forbidden : r.forbidden.map(([lo, hi]) => [-hi, -lo] as [number, number]).reverse();
  return [[-p.buffers[b].bytes, p.buffers[a].bytes]];
}

function key(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

/** Index of the problem's rules by unordered pair. */
export function ruleIndex(p: PlacementProblem): Map<string, PairRule> {
  const m = new Map<string, PairRule>();
  for (const r of p.rules) m.set(key(r.a, r.b), r);
  return m;
}

/** The liveness lower bound: the largest sum of live bytes at any step, and that step. */
export function lowerBound(p: PlacementProblem): { bytes: number; step: number } {
  const delta = new Array<number>(p.steps + 1).fill(0);
  for (const b of p.buffers) {
    delta[b.first] += b.bytes;
    delta[b.last + 1] -= b.bytes;
  }
  let best = { bytes: 0, step: 0 };
  let sum = 0;
  for (let s = 0; s < p.steps; s++) {
    sum += delta[s];
    if (sum > best.bytes) best = { bytes: sum, step: s };
  }
  return best;
}
