/**
 * The placement solver: runs the placement algorithms within a time budget and keeps the best result.
 */
import { performance } from 'perf_hooks';
import { exactPlacement, EXACT_MAX_BUFFERS } from './algorithms/exact';
import { buildConflicts } from './algorithms/firstFit';
import { greedyByConflicts } from './algorithms/greedyByConflicts';
import { greedyBySize } from './algorithms/greedyBySize';
import { hillClimb } from './algorithms/hillClimb';
import { Placement, PlacementProblem } from './problem';
import { relaxedLowerBound } from './relaxedBound';

/** Names accepted in `SolveOptions.algorithms`, in the order the solver runs them. */
export const PLACEMENT_ALGORITHMS = ['greedy-by-size', 'greedy-by-conflicts', 'hill-climb', 'exact'] as const;

/** Options of {@link solvePlacement}. */
export interface SolveOptions {
  /** Total time budget in ms (default 1000). Greedy by size always runs, even past it. */
  timeCapMs?: number;
  /**
   * Algorithms to run, from {@link PLACEMENT_ALGORITHMS} (default: all). Greedy by size always runs first as
   * the baseline; "exact" only runs for problems of at most {@link EXACT_MAX_BUFFERS} buffers.
   */
  algorithms?: string[];
  /** Seed of the hill climb (default 1). */
  seed?: number;
}

/** The solver's answer. */
export interface SolveResult {
  /** The smallest arena found (the earliest algorithm wins ties, so greedy by size when nothing beat it). */
  best: Placement;
  /** Each algorithm's placement, in the order they ran. */
  results: Placement[];
  /**
   * A valid lower bound on the arena: the liveness bound, or with PairRules the relaxed bound of
   * {@link relaxedLowerBound} (live bytes minus what each rule active at a step could save).
   */
  lowerBound: number;
  /** True when `best` reaches `lowerBound` (then it is optimal). */
  reachedLowerBound: boolean;
  /** True when `best` is proven minimal: it reached the lower bound, or the exact search finished. */
  optimal: boolean;
}

/**
 * Solves a placement problem: greedy by size (TFLM, always: the baseline), then greedy by conflicts, hill
 * climbing and, for problems of at most {@link EXACT_MAX_BUFFERS} buffers, the exact search seeded with the best
 * so far. Stops as soon as a result reaches the lower bound. The hill climb gets 40 % of the remaining budget
 * when the exact search will run after it (which gets the rest), else all of it; total time stays within
 * `timeCapMs` apart from the greedy baseline and a few ms of overshoot.
 */
export function solvePlacement(problem: PlacementProblem, opts: SolveOptions = {}): SolveResult {
  const start = performance.now();
  const deadline = start + (opts.timeCapMs ?? 1000);
  const wanted = new Set<string>(opts.algorithms ?? PLACEMENT_ALGORITHMS);
  for (const a of wanted) {
    if (!(PLACEMENT_ALGORITHMS as readonly string[]).includes(a)) {
      throw new Error(`unknown placement algorithm '${a}' (known: ${PLACEMENT_ALGORITHMS.join(', ')})`);
    }
  }
  const lowerBound = relaxedLowerBound(problem).bytes;
  const g = buildConflicts(problem);
  const results: Placement[] = [];
  let best = greedyBySize(problem, g);
  results.push(best);
  let optimal = best.arenaBytes <= lowerBound;
  const runExact = wanted.has('exact') && problem.buffers.length <= EXACT_MAX_BUFFERS;

  const keep = (p: Placement) => {
    results.push(p);
    if (p.arenaBytes < best.arenaBytes) best = p;
    if (best.arenaBytes <= lowerBound) optimal = true;
  };
  if (!optimal && wanted.has('greedy-by-conflicts')) keep(greedyByConflicts(problem, g));
  if (!optimal && wanted.has('hill-climb') && performance.now() < deadline) {
    const remaining = deadline - performance.now();
    keep(hillClimb(problem, { timeCapMs: runExact ? remaining * 0.4 : remaining, target: lowerBound, seed: opts.seed }, g));
  }
  if (!optimal && runExact && performance.now() < deadline) {
    const r = exactPlacement(problem, { deadline, incumbent: best, lowerBound }, g);
    keep(r.placement);
    if (r.optimal) optimal = true;
  }
  return { best, results, lowerBound, reachedLowerBound: best.arenaBytes <= lowerBound, optimal };
}
