import { numel, tensor } from '../ir/graph';
import { Graph, Op, Tensor } from '../ir/types';
import { buildProblem, PlanBuild, TensorStorage } from './build';
import { solveVariants, techniqueVariants } from './variants';
import { PatchOption, withPatches } from './patch/choose';
import type { PatchSchedule } from './patch/plan';

export type { PatchOption, PatchSplit } from './patch/choose';
export type { PatchSchedule } from './patch/plan';
export { patchSummary } from './patch/plan';
import { lowerBound, Placement, PlacementProblem } from './problem';
import { reorderOps } from './reorder';
import { solvePlacement } from './solve';

export { buildProblem } from './build';
export type { PlanBuild, TensorStorage } from './build';
export { solvePlacement } from './solve';
export { checkPlacement } from './check';
export { lowerBound } from './problem';
export type { Placement, PlacementProblem, PlanBuffer } from './problem';

/** Options of {@link planMemory}. */
export interface PlanOptions {
  /** Arena alignment in bytes (default 16). */
  align?: number;
  /** Size activations as int8 (1 byte/element) regardless of their dtype: "will it fit once quantized?". */
  activations?: 'native' | 'int8';
  /** Reorder ops of branched graphs to lower the peak (default true). */
  reorder?: boolean;
  /** In-place ops, in-place depthwise, zero-copy concat and write-behind overlaps (default true). */
  inPlace?: boolean;
  zeroCopyConcat?: boolean;
  writeBehind?: boolean;
  /** Placement algorithms (see solvePlacement); default all. */
  algorithms?: string[];
  /** Total planning budget in ms (reordering plus every placement search), default 1500. */
  timeCapMs?: number;
  /**
   * Patch-based inference of the first layers (MCUNetV2; docs/patch-inference.md): 'off' (default), 'auto' (the
   * planner chooses the split and grid, or none), or a given `{ split, grid }`. Int8 graphs only.
   */
  patches?: PatchOption;
  /** With patches 'auto': the arena to fit; the split with the least recomputation that fits wins. */
  ramBudget?: number;
  /** With patches 'auto': the largest recomputation overhead accepted, % of the model's MACs (default 4). */
  patchMaxOverhead?: number;
}

/** A memory plan: where every activation tensor lives, and the figures that judge it. */
export interface MemoryPlan {
  /** The graph, with ops in the planned execution order. */
  graph: Graph;
  arenaBytes: number;
  /** Liveness lower bound of the planned order with plain buffers (no in-place, no views): the LB to beat. */
  lowerBound: number;
  /** Step where the plain lower bound is reached. */
  peakStep: number;
  /** TFLM's greedy-by-size placement of the plain buffers in the original op order (the baseline). */
  tflmGreedyBytes: number;
  /** The placement problem actually solved and its solution. */
  problem: PlacementProblem;
  placement: Placement;
  build: PlanBuild;
  /** Byte offset in the arena of every activation tensor id (its element 0). */
  offsets: Map<number, number>;
  /** Whether the solver proved its placement optimal for the problem. */
  optimal: boolean;
  align: number;
  /** Bytes per element used for sizing. */
  elemBytes: (t: Tensor) => number;
  /** The patch stage, when the first layers run patch by patch (then their intermediate tensors have no offsets). */
  patch?: PatchSchedule;
}

/**
 * Plans the arena: reorders branched graphs to lower the peak, builds the placement problem (reshape aliases,
 * in-place ops, in-place depthwise, zero-copy concatenation, write-behind overlaps, scratch buffers) and
 * solves it with the best of several placement algorithms. Returns a plan whose graph has the planned op
 * order; generate code from `plan.graph`.
 */
export function planMemory(g: Graph, opts: PlanOptions = {}): MemoryPlan {
  const align = opts.align ?? 16;
  const elemBytes = (t: Tensor): number => (opts.activations === 'int8' || t.dtype === 'int8' ? 1 : 4);
  const bytesOf = (id: number): number => {
    const t = tensor(g, id);
    return numel(t.shape) * elemBytes(t);
  };
  const plainOpts = { align, elemBytes, inPlace: false, zeroCopyConcat: false };
  const baseline = solvePlacement(buildProblem(g, plainOpts).problem, { algorithms: ['greedy-by-size'] }).best.arenaBytes;

  const cap = opts.timeCapMs ?? 1500;
  const deadline = Date.now() + cap;
  let graph = g;
  if (opts.reorder ?? true) {
    const r = reorderOps(g, { bytesOf, timeCapMs: cap * 0.2 });
    if (r.peakBytes < r.originalPeakBytes) graph = { ...g, ops: r.order };
  }
  const plainBuild = buildProblem(graph, plainOpts);
  const plain = lowerBound(plainBuild.problem);
  const { build, solved } = solveVariants(graph, techniqueVariants(opts, align, elemBytes), opts.algorithms, deadline, (b) => b, plainBuild);
  const offsets = new Map<number, number>();
  for (const [id, st] of build.storage) offsets.set(id, solved.best.offsets[st.buffer] + st.elemOffset * elemBytes(tensor(graph, id)));
  const plan: MemoryPlan = {
    graph,
    arenaBytes: solved.best.arenaBytes,
    lowerBound: plain.bytes,
    peakStep: plain.step,
    tflmGreedyBytes: baseline,
    problem: build.problem,
    placement: solved.best,
    build,
    offsets,
    optimal: solved.optimal,
    align,
    elemBytes,
  };
  return withPatches(graph, plan, opts, deadline);
}

/**
 * Whether an op must visit its output pixels in reverse: its output overlaps its dying input from above
 * (placed by a write-ahead rule rather than behind the reads or disjoint).
 */
export function runsInReverse(plan: MemoryPlan, op: Op): boolean {
  const rule = plan.build.overlapRules.get(op.id);
  if (!rule) return false;
  const x = tensor(plan.graph, op.inputs[0]);
  const y = tensor(plan.graph, op.outputs[0]);
  const d = (plan.offsets.get(y.id) as number) - (plan.offsets.get(x.id) as number);
  const xBytes = numel(x.shape) * plan.elemBytes(x);
  return d > rule.lo && d < xBytes;
}

/** Pixel stride (elements) of a tensor in a plan: its storage's stride, or its own channel count. */
export function pixelStride(plan: MemoryPlan, t: Tensor): number {
  const st: TensorStorage | undefined = plan.build.storage.get(t.id);
  return st && st.pixelStride ? st.pixelStride : t.shape[t.shape.length - 1];
}

/**
 * The step that reaches the top of the arena (the highest end offset of a live buffer), with the buffers
 * live there: what a user must shrink to lower the arena (for reports and --ram-budget errors).
 */
export function placementPeak(plan: MemoryPlan): { step: number; bytes: number; live: string[] } {
  let best = { step: 0, bytes: -1, live: [] as string[] };
  for (let s = 0; s < plan.problem.steps; s++) {
    const live = plan.problem.buffers.filter((b) => b.first <= s && s <= b.last);
    const top = Math.max(0, ...live.map((b) => plan.placement.offsets[b.id] + b.bytes));
    if (top > best.bytes) {
      best = { step: s, bytes: top, live: live.map((b) => `${b.label} (${b.bytes} B at ${plan.placement.offsets[b.id]})`) };
    }
  }
  return best;
}
