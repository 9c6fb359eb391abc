/**
 * Hill climbing over placement orders (TVM USMP "hill_climb" style): first-fit placement is a function of the
 * order in which buffers are placed, so search the orders.
 */
import { performance } from 'perf_hooks';
import { Placement, PlacementProblem } from '../problem';
import { buildConflicts, ConflictGraph, lowestOffset } from './firstFit';
import { conflictBytesOrder, conflictCountOrder } from './greedyByConflicts';
import { sizeOrder } from './greedyBySize';
import { mulberry32 } from '../../util/rng';

/** Options of {@link hillClimb}. */
export interface HillClimbOptions {
  /** Time budget in ms from the call (default 200). */
  timeCapMs?: number;
  /** Absolute `performance.now()` deadline; the earlier of this and `timeCapMs` applies. */
  deadline?: number;
  /** RNG seed (default 1): the same seed, problem and budget give the same result. */
  seed?: number;
  /** Stop as soon as the arena is ≤ this (e.g. the lower bound). */
  target?: number;
  /** Random permutations added to the deterministic starting orders (default 4). */
  randomStarts?: number;
  /** Stop after this many consecutive iterations without a new best (default 400 + 20·n). */
  patience?: number;
}

/** The deterministic starting orders, by name. Each is a permutation of buffer ids. */
export function startingOrders(p: PlacementProblem, g: ConflictGraph): { name: string; order: number[] }[] {
  const b = p.buffers;
  const ids = b.map((_, i) => i);
  const len = (i: number) => b[i].last - b[i].first + 1;
  const bySizeThen = (key: (i: number) => number) =>
    [...ids].sort((x, y) => key(x) - key(y) || b[y].bytes - b[x].bytes || x - y);
  return [
    { name: 'size', order: sizeOrder(p) },
    { name: 'conflict-count', order: conflictCountOrder(p, g) },
    { name: 'conflict-bytes', order: conflictBytesOrder(p, g) },
    { name: 'lifetime', order: bySizeThen((i) => -len(i)) },
    { name: 'start', order: bySizeThen((i) => b[i].first) },
    { name: 'area', order: bySizeThen((i) => -b[i].bytes * len(i)) },
  ];
}

/** Incremental first-fit evaluation of an order: re-places only from the first changed position. */
class Evaluator {
  readonly offsets: number[];
  readonly placed: Uint8Array;
  /** prefixMax[k] = largest end among order[0..k-1]. */
  readonly prefixMax: number[];

  constructor(
    private readonly g: ConflictGraph,
    readonly order: number[],
  ) {
    this.offsets = new Array<number>(g.n).fill(0);
    this.placed = new Uint8Array(g.n);
    this.prefixMax = new Array<number>(g.n + 1).fill(0);
    this.run(0, Infinity);
  }

  /**
   * Re-places order[from..]; stops early (returning Infinity) once the arena exceeds `cutoff`, leaving the
   * state partial (call again to repair). Returns the arena.
   */
  run(from: number, cutoff: number): number {
    const { g, order, offsets, placed, prefixMax } = this;
    for (let k = from; k < order.length; k++) placed[order[k]] = 0;
    for (let k = from; k < order.length; k++) {
      const x = order[k];
      const off = lowestOffset(g, x, offsets, placed);
      offsets[x] = off;
      placed[x] = 1;
      const m = Math.max(prefixMax[k], off + g.bytes[x]);
      prefixMax[k + 1] = m;
      if (m > cutoff) {
        for (let j = k + 1; j < order.length; j++) placed[order[j]] = 0;
        return Infinity;
      }
    }
    return prefixMax[order.length];
  }

  get arena(): number {
    return this.prefixMax[this.order.length];
  }

  /** Number of buffers whose end is the arena top (fewer is closer to lowering it). */
  topCount(): number {
    const a = this.arena;
    let c = 0;
    for (const x of this.order) if (this.offsets[x] + this.g.bytes[x] === a) c++;
    return c;
  }
}

/** Moves order[from] to position `to`, shifting the elements in between. */
function moveElement(order: number[], from: number, to: number): void {
  const x = order[from];
  if (from < to) for (let k = from; k < to; k++) order[k] = order[k + 1];
  else for (let k = from; k > to; k--) order[k] = order[k - 1];
  order[to] = x;
}

/**
 * Hill climbing over placement orders. Starts from several orders — size, conflict count, conflict bytes,
 * lifetime length, start step, area (bytes × lifetime) and seeded random permutations — each placed first-fit,
 * then climbs from the best: a neighbour swaps two positions, moves a random buffer, or moves a buffer that
 * touches the arena top earlier; it is kept when the arena does not grow (equal arenas need no more buffers at
 * the top). After a stall it restarts from a perturbed copy of the best order. Stops at `target`, the time
 * budget, or `patience` iterations without a new best. Deterministic for a given seed except for where the time
 * cap cuts it; the size order is always placed in full (so the result is never worse than greedy by size),
 * which may overrun a tiny cap by one first-fit pass. `conflicts` may pass a prebuilt conflict graph of `p`.
 * `algorithm` of the result is "hill-climb".
 */
export function hillClimb(p: PlacementProblem, opts: HillClimbOptions = {}, conflicts?: ConflictGraph): Placement {
  const start = performance.now();
  const deadline = Math.min(opts.deadline ?? Infinity, start + (opts.timeCapMs ?? 200));
  const g = conflicts ?? buildConflicts(p);
  const n = g.n;
  const target = opts.target ?? -Infinity;
  const rng = mulberry32(opts.seed ?? 1);
  const patience = opts.patience ?? 400 + 20 * n;
  const randInt = (k: number) => Math.floor(rng() * k);

  const starts = startingOrders(p, g).map((s) => s.order);
  for (let r = 0; r < (opts.randomStarts ?? 4); r++) {
    const perm = starts[0].slice();
    for (let i = perm.length - 1; i > 0; i--) {
      const j = randInt(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    starts.push(perm);
  }

  let bestOrder = starts[0];
  let bestOffsets: number[] = [];
  let bestArena = Infinity;
  for (const order of starts) {
    const ev = new Evaluator(g, order.slice());
    if (ev.arena < bestArena) {
      bestArena = ev.arena;
      bestOrder = ev.order.slice();
      bestOffsets = ev.offsets.slice();
    }
    if (bestArena <= target || performance.now() >= deadline) break;
  }
  const result = (): Placement => ({ offsets: bestOffsets, arenaBytes: bestArena, algorithm: 'hill-climb' });
  if (n < 2 || bestArena <= target) return result();

  let ev = new Evaluator(g, bestOrder.slice());
  let cur = ev.arena;
  let curTop = ev.topCount();
  let sinceBest = 0;
  let sinceImprove = 0;
  const restartAfter = Math.max(100, 5 * n);
  for (;;) {
    if (performance.now() >= deadline) break;
    if (sinceBest >= patience) break;
    const order = ev.order;
    // Pick a neighbour.
    const kind = rng();
    let i: number;
    let j: number;
    let undo: () => void;
    if (kind < 0.4) {
      i = randInt(n);
      j = randInt(n - 1);
      if (j >= i) j++;
      const [a, b] = i < j ? [i, j] : [j, i];
      [order[a], order[b]] = [order[b], order[a]];
      undo = () => ([order[a], order[b]] = [order[b], order[a]]);
      i = a;
    } else {
      if (kind < 0.75) {
        // A buffer at the top moves earlier.
        const top: number[] = [];
        for (let k = 0; k < n; k++) if (ev.offsets[order[k]] + g.bytes[order[k]] === cur) top.push(k);
        j = top[randInt(top.length)];
        i = j === 0 ? 1 + randInt(n - 1) : randInt(j);
      } else {
        j = randInt(n);
        i = randInt(n - 1);
        if (i >= j) i++;
      }
      const from = j;
      const to = i;
      moveElement(order, from, to);
      undo = () => moveElement(order, to, from);
      i = Math.min(from, to);
    }
    const arena = ev.run(i, cur);
    const top = arena === cur ? ev.topCount() : 0;
    if (arena < cur || (arena === cur && top <= curTop)) {
      if (arena < cur) sinceImprove = 0;
      else sinceImprove++;
      cur = arena;
      curTop = top;
      if (arena < bestArena) {
        bestArena = arena;
        bestOrder = order.slice();
        bestOffsets = ev.offsets.slice();
        sinceBest = 0;
        if (bestArena <= target) break;
        continue;
      }
    } else {
      undo();
      ev.run(i, Infinity);
      sinceImprove++;
    }
    sinceBest++;
    if (sinceImprove >= restartAfter) {
      // Restart from the best order with a few random swaps.
      const perturbed = bestOrder.slice();
      const swaps = 2 + Math.floor(n / 20);
      for (let s = 0; s < swaps; s++) {
        const a = randInt(n);
        const b = randInt(n);
        [perturbed[a], perturbed[b]] = [perturbed[b], perturbed[a]];
      }
      ev = new Evaluator(g, perturbed);
      cur = ev.arena;
      curTop = ev.topCount();
      sinceImprove = 0;
    }
  }
  return result();
}
