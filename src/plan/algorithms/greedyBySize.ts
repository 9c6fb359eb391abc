/**
 * TFLM's GreedyMemoryPlanner ("TFLM greedy"), the baseline placement figure.
 */
import { Placement, PlacementProblem } from '../problem';
import { buildConflicts, ConflictGraph, firstFit } from './firstFit';

/**
 * The TFLM greedy order: size descending; ties: earlier first step first, then lower id.
 */
export function sizeOrder(p: PlacementProblem): number[] {
  const b = p.buffers;
  return b.map((_, i) => i).sort((x, y) => b[y].bytes - b[x].bytes || b[x].first - b[y].first || x - y);
}

/**
 * TFLM's GreedyMemoryPlanner: buffers sorted by size (largest first; ties: earlier first, then id), each put at
 * the lowest aligned offset that respects every already placed, time-overlapping buffer. For problems without
 * PairRules that is TFLM's "first gap among the buffers live at the same time that is large enough"; with
 * PairRules the legal offsets are those outside the pair's forbidden intervals (so a buffer may land exactly on
 * its dying input when a rule allows it).
 *
 * Deterministic; O(n² log n). `algorithm` of the result is "greedy-by-size".
 */
export function greedyBySize(p: PlacementProblem, g: ConflictGraph = buildConflicts(p)): Placement {
  return firstFit(g, sizeOrder(p), 'greedy-by-size');
}
