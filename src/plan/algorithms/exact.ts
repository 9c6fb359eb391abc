/**
 * Exact placement by branch and bound (MiniMalloc style), under a hard time cap.
 */
import { performance } from 'perf_hooks';
import { liveTogether, Placement, PlacementProblem } from '../problem';
import { relaxedLowerBound, ruleMaxOverlap } from '../relaxedBound';
import { alignUp, buildConflicts, ConflictGraph, fitsAt } from './firstFit';
import { greedyBySize } from './greedyBySize';

/** Problems up to this many buffers are worth an exact search (the solver's default). */
export const EXACT_MAX_BUFFERS = 40;

/** Options of {@link exactPlacement}. */
export interface ExactOptions {
  /** Hard time cap in ms from the call (default 500). */
  timeCapMs?: number;
  /** Absolute `performance.now()` deadline; the earlier of this and `timeCapMs` applies. */
  deadline?: number;
  /** A known placement to beat (default: greedy by size). */
  incumbent?: Placement;
  /** A valid lower bound; the search stops when it reaches it (default: relaxedLowerBound). */
  lowerBound?: number;
}

/** What {@link exactPlacement} found. */
export interface ExactResult {
  /** The best placement (the incumbent's offsets when nothing better exists or was found in time). */
  placement: Placement;
  /** True when the placement is proven minimal (search finished, or it reached the lower bound). */
  optimal: boolean;
  /** True when the time cap stopped the search. */
  timedOut: boolean;
  /** Search nodes expanded. */
  nodes: number;
}

/**
 * Exact search for the smallest arena. Search space (MiniMalloc's canonical solutions): any placement can be
 * pushed down, buffer by buffer, until every buffer sits at 0 or is "tight" against a time-overlapping buffer,
 * i.e. at off(z) + alignUp(hi) for an interval end hi of the pair (for plain pairs: on top of z). The search
 * places buffers one at a time; the candidate offsets of a buffer are 0 and those interval ends of the placed
 * buffers that leave it legal.
 *
 * When every forbidden interval satisfies alignUp(hi) ≥ 0 in both orientations (always true without rules and
 * for in-place / write-behind rules) the supports never point upwards, so buffers can be placed in
 * non-decreasing offset order: then a buffer without rules has a single candidate (on top of its highest placed
 * conflict, which must be at least the last offset), buffers at one offset without rules go in id order, and
 * identical rule-free buffers (same size and lifetime) in id order. The bound at a node: every unplaced buffer
 * starts at or above its release (the last offset, or the highest end of a "settled" placed buffer — one with no
 * rule left to an unplaced buffer — live with it), so at every step and threshold t the arena is at least
 * t + the bytes of the unplaced buffers live there with release ≥ t − what rules among them could save; and at
 * least the running arena; rounded up to the alignment when every size is aligned. A branch is cut when its
 * bound is ≥ the best arena. Children: lowest offset first, then largest bytes × lifetime.
 *
 * Otherwise (a rule whose forbidden interval lies entirely below zero, so a buffer may rest under its partner)
 * every placement order is searched, with the running arena as the only bound: still exact, much slower.
 *
 * The time cap is checked at every node: the call never runs past it by more than one node's work (plus the
 * O(n²) set-up), and then returns the best so far with `optimal: false`. Meant for small problems
 * ({@link EXACT_MAX_BUFFERS}); `conflicts` may pass a prebuilt conflict graph of `p`.
 */
export function exactPlacement(p: PlacementProblem, opts: ExactOptions = {}, conflicts?: ConflictGraph): ExactResult {
  const start = performance.now();
  const deadline = Math.min(opts.deadline ?? Infinity, start + (opts.timeCapMs ?? 500));
  const g = conflicts ?? buildConflicts(p);
  const n = g.n;
  const bytes = g.bytes;
  const incumbent = opts.incumbent ?? greedyBySize(p, g);
  let bestArena = incumbent.arenaBytes;
  let bestOffsets = incumbent.offsets.slice();
  const globalLB = opts.lowerBound ?? relaxedLowerBound(p).bytes;
  let nodes = 0;
  let timedOut = false;
  const finish = (optimal: boolean): ExactResult => ({
    placement: { offsets: bestOffsets, arenaBytes: bestArena, algorithm: 'exact' },
    optimal,
    timedOut,
    nodes,
  });
  if (n === 0 || bestArena <= globalLB) return finish(true);

  // Monotone (offset-ordered) search is complete when no support points upwards.
  let monotone = true;
  for (let x = 0; x < n && monotone; x++) for (const hi of g.hi[x]) if (alignUp(hi, g.align) < 0) monotone = false;
  // "Plain": no rules, and it and its time-overlapping buffers have bytes, so whatever supports it is strictly
  // below it.
  const plain = bytes.map((b, x) => !g.ruled[x] && b > 0 && g.neighbours[x].every((z) => bytes[z] > 0));

  // Identical rule-free buffers: only the lowest unplaced id of a class may be placed next.
  const classPrev = new Array<number>(n).fill(-1);
  {
    const seen = new Map<string, number>();
    for (let x = 0; x < n; x++) {
      if (!plain[x]) continue;
      const b = p.buffers[x];
      const key = `${b.bytes},${b.first},${b.last}`;
      const prev = seen.get(key);
      if (prev !== undefined) classPrev[x] = prev;
      seen.set(key, x);
    }
  }

  // Steps that matter for the bound: the first steps (the live set at any step is contained in the one at the
  // latest first step before it).
  const points = [...new Set(p.buffers.map((b) => b.first))].sort((a, b) => a - b);
  const P = points.length;
  const pointsOf: number[][] = p.buffers.map((b) => points.map((s, i) => (b.first <= s && s <= b.last ? i : -1)).filter((i) => i >= 0));
  const unplacedLive = new Array<number>(P).fill(0);
  for (let x = 0; x < n; x++) for (const i of pointsOf[x]) unplacedLive[i] += bytes[x];
  // Rules between time-overlapping buffers: partners and the bytes they may share at each point.
  const rulePartners: number[][] = p.buffers.map(() => []);
  const ruleSaves: { a: number; b: number; save: number; pts: number[] }[] = [];
  const seenPair = new Map<string, number>();
  for (const r of p.rules) {
    if (r.a === r.b || !p.buffers[r.a] || !p.buffers[r.b] || !liveTogether(p.buffers[r.a], p.buffers[r.b])) continue;
    const key = r.a < r.b ? `${r.a},${r.b}` : `${r.b},${r.a}`;
    const save = ruleMaxOverlap(p, r);
    const entry = { a: r.a, b: r.b, save, pts: pointsOf[r.a].filter((i) => pointsOf[r.b].includes(i)) };
    const at = seenPair.get(key);
    if (at !== undefined) ruleSaves[at] = entry; // the last rule of a pair wins, like ruleIndex
    else {
      seenPair.set(key, ruleSaves.length);
      ruleSaves.push(entry);
      rulePartners[r.a].push(r.b);
      rulePartners[r.b].push(r.a);
    }
  }
  const rulesOf: number[][] = p.buffers.map(() => []);
  ruleSaves.forEach((r, k) => {
    rulesOf[r.a].push(k);
    rulesOf[r.b].push(k);
  });
  const unplacedSave = new Array<number>(P).fill(0);
  for (const r of ruleSaves) for (const i of r.pts) unplacedSave[i] += r.save;

  // Search state.
  const offsets = new Array<number>(n).fill(0);
  const placed = new Uint8Array(n);
  const unplacedPartners = rulePartners.map((ps) => ps.length);
  const floor = new Array<number>(P).fill(0);
  const floorLog: number[] = []; // pairs (point, old value)

  const raiseFloor = (z: number) => {
    const end = offsets[z] + bytes[z];
    for (const i of pointsOf[z]) {
      if (floor[i] < end) {
        floorLog.push(i, floor[i]);
        floor[i] = end;
      }
    }
  };
  const place = (x: number, c: number) => {
    offsets[x] = c;
    placed[x] = 1;
    for (const i of pointsOf[x]) unplacedLive[i] -= bytes[x];
    for (const k of rulesOf[x]) {
      const r = ruleSaves[k];
      const other = r.a === x ? r.b : r.a;
      if (!placed[other]) for (const i of r.pts) unplacedSave[i] -= r.save;
    }
    for (const y of rulePartners[x]) unplacedPartners[y]--;
    // Settled buffers (no unplaced rule partner) bound everything placed later at their steps.
    if (unplacedPartners[x] === 0) raiseFloor(x);
    for (const y of rulePartners[x]) if (placed[y] && unplacedPartners[y] === 0) raiseFloor(y);
  };
  const unplace = (x: number, logMark: number) => {
    while (floorLog.length > logMark) {
      const old = floorLog.pop() as number;
      const i = floorLog.pop() as number;
      floor[i] = old;
    }
    for (const y of rulePartners[x]) unplacedPartners[y]++;
    for (const k of rulesOf[x]) {
      const r = ruleSaves[k];
      const other = r.a === x ? r.b : r.a;
      if (!placed[other]) for (const i of r.pts) unplacedSave[i] += r.save;
    }
    for (const i of pointsOf[x]) unplacedLive[i] += bytes[x];
    placed[x] = 0;
  };
  const area = p.buffers.map((b) => b.bytes * (b.last - b.first + 1));
  const allAligned = bytes.every((b) => b % g.align === 0);
  const liveAt: number[][] = points.map(() => []);
  for (let x = 0; x < n; x++) for (const i of pointsOf[x]) liveAt[i].push(x);
  const release = new Array<number>(n).fill(0);
  const relTmp: number[] = [];
  const bytesTmp: number[] = [];
  const roundBound = (lb: number) => (allAligned ? alignUp(lb, g.align) : lb);
  /** The cheap form of `bound`: every release taken as max(c, the point's floor). */
  const quickBound = (c: number, arena: number): number => {
    let lb = arena;
    if (!monotone) return lb;
    for (let i = 0; i < P; i++) {
      if (unplacedLive[i] <= 0) continue;
      const v = Math.max(c, floor[i]) + unplacedLive[i] - unplacedSave[i];
      if (v > lb) lb = v;
    }
    return roundBound(lb);
  };
  /**
   * Bound for the current state (x just placed at c, running arena `arena`). Every unplaced buffer y starts at
   * or above its release r(y) = max(c, highest end of settled placed buffers live with it), aligned. At each
   * point, the unplaced buffers with r ≥ t cover at least their bytes minus the rule savings above t.
   */
  const bound = (c: number, arena: number): number => {
    let lb = arena;
    if (!monotone) return lb;
    for (let y = 0; y < n; y++) {
      if (placed[y]) continue;
      let r = c;
      for (const i of pointsOf[y]) if (floor[i] > r) r = floor[i];
      release[y] = alignUp(r, g.align);
    }
    for (let i = 0; i < P; i++) {
      if (unplacedLive[i] <= 0) continue;
      // Unplaced buffers live here, by release descending (insertion sort: few).
      let k = 0;
      for (const y of liveAt[i]) {
        if (placed[y]) continue;
        const r = release[y];
        let j = k++;
        while (j > 0 && relTmp[j - 1] < r) {
          relTmp[j] = relTmp[j - 1];
          bytesTmp[j] = bytesTmp[j - 1];
          j--;
        }
        relTmp[j] = r;
        bytesTmp[j] = bytes[y];
      }
      let sum = -unplacedSave[i];
      for (let j = 0; j < k; j++) {
        sum += bytesTmp[j];
        if (j + 1 < k && relTmp[j + 1] === relTmp[j]) continue;
        const v = relTmp[j] + sum;
        if (v > lb) lb = v;
      }
    }
    // Every end, hence the arena, is then a multiple of the alignment.
    return roundBound(lb);
  };

  const candidates = (x: number, last: number, first: boolean): number[] => {
    const out: number[] = [];
    if (first || last === 0 || !monotone) out.push(0);
    const partner = g.partner[x];
    for (let k = 0; k < partner.length; k++) {
      const z = partner[k];
      if (!placed[z]) continue;
      const v = offsets[z] + alignUp(g.hi[x][k], g.align);
      if (v < 0 || (monotone && v < last)) continue;
      if (!out.includes(v)) out.push(v);
    }
    return out.filter((c) => fitsAt(g, x, c, offsets, placed));
  };

  let done = false;
  const dfs = (depth: number, last: number, lastId: number, arena: number): void => {
    nodes++;
    if (performance.now() >= deadline) {
      timedOut = true;
      done = true;
      return;
    }
    if (depth === n) {
      if (arena < bestArena) {
        bestArena = arena;
        bestOffsets = offsets.slice();
        if (bestArena <= globalLB) done = true;
      }
      return;
    }
    const children: { x: number; c: number; lb: number }[] = [];
    for (let x = 0; x < n; x++) {
      if (placed[x]) continue;
      if (monotone && classPrev[x] >= 0 && !placed[classPrev[x]]) continue;
      let cands: number[];
      if (monotone && plain[x]) {
        // Rule-free: on top of its highest placed conflict, which must be ≥ the last offset (else the buffer
        // would float: not a canonical solution).
        let top = 0;
        for (const z of g.neighbours[x]) if (placed[z]) top = Math.max(top, offsets[z] + bytes[z]);
        top = alignUp(top, g.align);
        if (top < last) continue;
        if (top === last && depth > 0 && plain[lastId] && x < lastId) continue;
        cands = [top];
      } else {
        cands = candidates(x, last, depth === 0);
      }
      for (const c of cands) {
        const end = Math.max(arena, c + bytes[x]);
        if (end >= bestArena) continue;
        const mark = floorLog.length;
        place(x, c);
        const lb = quickBound(c, end);
        unplace(x, mark);
        if (lb < bestArena) children.push({ x, c, lb });
      }
    }
    // Lowest offset first; among equals the largest bytes × lifetime (measured best on random graphs).
    children.sort((u, v) => u.c - v.c || area[v.x] - area[u.x] || u.x - v.x);
    for (const ch of children) {
      if (done) return;
      if (ch.lb >= bestArena) continue;
      const mark = floorLog.length;
      place(ch.x, ch.c);
      const end = Math.max(arena, ch.c + bytes[ch.x]);
      if (bound(ch.c, end) < bestArena) dfs(depth + 1, monotone ? ch.c : 0, ch.x, end);
      unplace(ch.x, mark);
    }
  };
  dfs(0, 0, -1, 0);
  return finish(!timedOut);
}
