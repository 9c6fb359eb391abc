/**
 * `reorderOps`: the pipeline of the reorder search (see ./index.ts for the model and the algorithm) under its
 * time cap: cut the graph into segments, order each by heuristics, then exact search, beam searches and exact
 * search again while time is left.
 */
import { performance } from 'perf_hooks';
import { Graph, Op } from '../../ir/types';
import { beamPasses } from './beam';
import { forcedLowerBound } from './bounds';
import { exactPass } from './exactPass';
import { heuristicOrders } from './greedy';
import { defaultBytesOf, peakOfOrder } from './peakOfOrder';
import { reachability } from './reachability';
import { buildScheduleModel, isChain } from './scheduleModel';
import { SearchContext } from './searchContext';
import { findCuts, splitAtCuts } from './segments';

/** Options of {@link reorderOps}. */
export interface ReorderOptions {
  /** Bytes of one activation tensor by id (default: numel × 4, float32). Pass numel × 1 for int8 sizing. */
  bytesOf?: (tensorId: number) => number;
  /** Time budget of the exact search in ms (default 500); past it the heuristic result is returned. */
  timeCapMs?: number;
}

/** Result of {@link reorderOps}. */
export interface ReorderResult {
  /** A topological order of `g.ops` (the same Op objects), every op exactly once. */
  order: Op[];
  /** Peak live bytes of `order`. */
  peakBytes: number;
  /** Peak live bytes of `g.ops`; `peakBytes <= originalPeakBytes` always. */
  originalPeakBytes: number;
  /** True when `peakBytes` is proven minimal over all topological orders. */
  exact: boolean;
}

/** Node budget of the first exact pass, shared by the segments (some 30-70 ms). */
const QUICK_NODES = 15_000;

/**
 * Finds an op order of `g` with a lower (or equal) peak of live activation bytes.
 *
 * Exact (memoised search over topological orders) when it finishes within `timeCapMs` (default 500 ms);
 * otherwise the best of the original order, greedy list schedules and whatever the search found, with
 * `exact: false`. Never returns an order with a higher peak than `g.ops`. A graph with a single valid order
 * (a chain) returns at once. `g` is not modified: set `g.ops = result.order` to use it.
 */
export function reorderOps(g: Graph, opts: ReorderOptions = {}): ReorderResult {
  const t0 = performance.now();
  const bytesOf = opts.bytesOf ?? defaultBytesOf(g);
  const timeCap = opts.timeCapMs ?? 500;
  const originalPeakBytes = peakOfOrder(g, g.ops, bytesOf);
  const unchanged = (exact: boolean): ReorderResult => ({ order: g.ops.slice(), peakBytes: originalPeakBytes, originalPeakBytes, exact });
  const n = g.ops.length;
  if (n <= 1) return unchanged(true);
  const m = buildScheduleModel(g, bytesOf);
  const all = g.ops.map((_, i) => i);
  if (isChain(m, all)) return unchanged(true);

  // Segments between cut ops; cut ops stay where they are.
  const reach = reachability(m);
  const segments = splitAtCuts(all, findCuts(m, reach));
  const ctx = new SearchContext(m, segments);
  ctx.deadline = t0 + timeCap;

  // Heuristic orders per segment; fixed segments (one valid order) give proven costs.
  let provenLB = heuristicOrders(ctx, segments, forcedLowerBound(m, reach));
  const open = segments.filter((s) => !s.fixed);

  // 1. A short exact try with a node budget, not a time share, so that what it solves does not depend on the
  //    machine's speed (small segments and Inception/ResNet-style blocks finish here).
  provenLB = exactPass(ctx, open, provenLB, t0 + timeCap, Math.max(2000, Math.floor(QUICK_NODES / Math.max(open.length, 1))));
  // 2. Beam searches of growing width for the rest, for up to a quarter of the cap: a good order prunes the
  //    exact search, and is the answer if that does not finish. A beam that never had to drop a partial
  //    order considered every order: its result is exact.
  const beamDeadline = Math.min(t0 + timeCap, performance.now() + timeCap / 4);
  provenLB = beamPasses(ctx, open, provenLB, beamDeadline);
  // 3. Exact search again with the rest of the time (the memo keeps what the first try proved).
  for (let pass = 0; pass < 3 && performance.now() < t0 + timeCap; pass++) provenLB = exactPass(ctx, open, provenLB, t0 + timeCap);

  const order = segments.flatMap((s) => s.order).map((i) => g.ops[i]);
  const peakBytes = peakOfOrder(g, order, bytesOf);
  if (peakBytes > originalPeakBytes) return unchanged(originalPeakBytes <= provenLB);
  return { order, peakBytes, originalPeakBytes, exact: peakBytes <= provenLB };
}
