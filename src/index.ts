/** tinyfit library API: everything the CLI does is available here. */
export { importModel } from './import';
export { optimize, DEFAULT_PASSES } from './passes';
export { quantize, prepareGraph } from './quantize/precision';
export type { Precision, PrepareOptions, Prepared, QuantizeOptions, Quantized } from './quantize/precision';
export { calibrate, loadCalibrationSamples, loadRanges, saveRanges } from './quantize/calibrate';
export { evaluateQuantized } from './quantize/evaluate';
export { planMemory, patchSummary } from './plan';
export type { PatchOption, PatchSplit, PatchSchedule, PlanOptions } from './plan';
export { generate } from './codegen';
export type { GenerateOptions, GenerateResult, KernelPolicy } from './codegen';
export { runFloat, runFloatAll } from './reference/runFloat';
export { runInt8, runInt8All } from './reference/runInt8';
export { OPS, OP_KINDS } from './ir/ops';
export { listTargets, getTarget, targetFigures } from './targets';
export type { Target, TargetFigures } from './targets';
export * from './compress';
export { TinyfitError } from './errors';
export * from './ir/types';
