/** The figures every section of the report reads, derived once from its input. */
import { PlanBuffer } from '../problem';
import { PlanReportInput } from './planReportInput';

/** The input and what is derived from it: at least one step, the peak step clamped to the steps. */
export interface ReportContext {
  input: PlanReportInput;
  bufs: PlanBuffer[];
  offsets: number[];
  arena: number;
  /** Steps drawn: `problem.steps`, at least 1. */
  steps: number;
  /** `input.peakStep` rounded down and clamped to [0, steps − 1]. */
  peakStep: number;
  /** Name of the op at a step, or "step N" when `opNames` has none. */
  opName: (s: number) => string;
}

/** Builds the {@link ReportContext} of `input`. */
export function reportContext(input: PlanReportInput): ReportContext {
  const { problem, placement, opNames } = input;
  const steps = Math.max(1, problem.steps);
  const peakStep = Math.min(Math.max(0, Math.floor(input.peakStep)), steps - 1);
  const opName = (s: number): string => opNames[s] ?? `step ${s}`;
  return { input, bufs: problem.buffers, offsets: placement.offsets, arena: placement.arenaBytes, steps, peakStep, opName };
}
