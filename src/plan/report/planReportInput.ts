/** What the plan report is drawn from. */
import { Placement, PlacementProblem } from '../problem';

/** What `renderPlanHtml` draws. */
export interface PlanReportInput {
  modelName: string;
  problem: PlacementProblem;
  placement: Placement;
  /** Op name per step (a tooltip on the x axis); missing entries read "step N". */
  opNames: string[];
  /** Liveness lower bound of this problem (with the memory-saving relaxations). */
  lowerBoundBytes: number;
  /** Lower bound without the relaxations (plain disjoint buffers), when known. */
  plainLowerBoundBytes?: number;
  /** Arena of TFLM's greedy planner for the same model, when known. */
  tflmGreedyBytes?: number;
  /** Step at which the lower bound is reached. */
  peakStep: number;
  /** Activation element type, e.g. "int8" or "float32". */
  elemType?: string;
}
