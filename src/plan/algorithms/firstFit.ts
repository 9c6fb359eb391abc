/**
 * The conflict graph of a placement problem and first-fit placement along an order, shared by the greedy,
 * hill-climbing and exact placement algorithms. (The checker in ../check.ts deliberately does not use this.)
 */
import { forbiddenIntervals, liveTogether, Placement, PlacementProblem, ruleIndex } from '../problem';

/**
 * For every buffer x, the buffers z live at a common step with x and the forbidden open intervals of
 * off(x) − off(z) (the pair's PairRule when it has one, else plain disjointness). Intervals are flattened:
 * entry k of `partner[x]` / `lo[x]` / `hi[x]` is one interval; a partner with several intervals repeats.
 */
export interface ConflictGraph {
  n: number;
  align: number;
  bytes: number[];
  partner: number[][];
  lo: number[][];
  hi: number[][];
  /** Distinct time-overlapping buffers of each buffer (each partner once). */
  neighbours: number[][];
  /** True for buffers that take part in at least one PairRule with a time-overlapping partner. */
  ruled: boolean[];
}

/** Rounds `v` up to a multiple of `align` (works for negative values too). */
export function alignUp(v: number, align: number): number {
  const r = Math.ceil(v / align) * align;
  return r === 0 ? 0 : r; // no -0
}

/** Builds the conflict graph of `p` (O(n²) pair tests). */
export function buildConflicts(p: PlacementProblem): ConflictGraph {
  const n = p.buffers.length;
  const rules = ruleIndex(p);
  const g: ConflictGraph = {
    n,
    align: Math.max(1, p.align),
    bytes: p.buffers.map((b) => b.bytes),
    partner: [],
    lo: [],
    hi: [],
    neighbours: [],
    ruled: new Array<boolean>(n).fill(false),
  };
  for (let x = 0; x < n; x++) {
    g.partner.push([]);
    g.lo.push([]);
    g.hi.push([]);
    g.neighbours.push([]);
  }
  for (const r of p.rules) {
    if (r.a === r.b || !p.buffers[r.a] || !p.buffers[r.b]) continue;
    if (!liveTogether(p.buffers[r.a], p.buffers[r.b])) continue;
    g.ruled[r.a] = true;
    g.ruled[r.b] = true;
  }
  for (let x = 0; x < n; x++) {
    for (let z = 0; z < n; z++) {
      if (z === x || !liveTogether(p.buffers[x], p.buffers[z])) continue;
      g.neighbours[x].push(z);
      // d = off(x) − off(z): intervals of the ordered pair (z, x).
      for (const [lo, hi] of forbiddenIntervals(p, z, x, rules)) {
        g.partner[x].push(z);
        g.lo[x].push(lo);
        g.hi[x].push(hi);
      }
    }
  }
  return g;
}

let scratchLo = new Float64Array(64);
let scratchHi = new Float64Array(64);

/**
 * The lowest offset ≥ `from`, a multiple of the alignment, at which buffer x respects every placed
 * time-overlapping buffer (`placed[z]` true): a sweep over the forbidden offset intervals sorted by start.
 */
export function lowestOffset(g: ConflictGraph, x: number, offsets: ArrayLike<number>, placed: ArrayLike<boolean | number>, from = 0): number {
  const partner = g.partner[x];
  const los = g.lo[x];
  const his = g.hi[x];
  if (scratchLo.length < partner.length) {
    scratchLo = new Float64Array(2 * partner.length);
    scratchHi = new Float64Array(2 * partner.length);
  }
  const sLo = scratchLo;
  const sHi = scratchHi;
  // Insertion sort by interval start (conflict lists are short).
  let k = 0;
  for (let i = 0; i < partner.length; i++) {
    const z = partner[i];
    if (!placed[z]) continue;
    const lo = offsets[z] + los[i];
    const hi = offsets[z] + his[i];
    let j = k++;
    while (j > 0 && sLo[j - 1] > lo) {
      sLo[j] = sLo[j - 1];
      sHi[j] = sHi[j - 1];
      j--;
    }
    sLo[j] = lo;
    sHi[j] = hi;
  }
  let c = alignUp(Math.max(0, from), g.align);
  for (let i = 0; i < k; i++) {
    if (sLo[i] >= c) break; // every later interval starts at or after c: c is free
    if (sHi[i] > c) c = alignUp(sHi[i], g.align);
  }
  return c;
}

/** True when buffer x at offset `c` respects every placed time-overlapping buffer. */
export function fitsAt(g: ConflictGraph, x: number, c: number, offsets: ArrayLike<number>, placed: ArrayLike<boolean | number>): boolean {
  const partner = g.partner[x];
  for (let i = 0; i < partner.length; i++) {
    const z = partner[i];
    if (!placed[z]) continue;
    const d = c - offsets[z];
    if (d > g.lo[x][i] && d < g.hi[x][i]) return false;
  }
  return true;
}

/** Arena size of a full assignment: the largest offset + bytes (0 for no buffers). */
export function arenaOf(bytes: number[], offsets: ArrayLike<number>): number {
  let arena = 0;
  for (let i = 0; i < bytes.length; i++) arena = Math.max(arena, offsets[i] + bytes[i]);
  return arena;
}

/**
 * First-fit along `order` (a permutation of buffer ids): each buffer goes at the lowest aligned offset that
 * respects every earlier-placed time-overlapping buffer.
 */
export function firstFit(g: ConflictGraph, order: number[], algorithm: string): Placement {
  const offsets = new Array<number>(g.n).fill(0);
  const placed = new Uint8Array(g.n);
  for (const x of order) {
    offsets[x] = lowestOffset(g, x, offsets, placed);
    placed[x] = 1;
  }
  return { offsets, arenaBytes: arenaOf(g.bytes, offsets), algorithm };
}
