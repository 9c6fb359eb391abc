/** tinyfit library API: everything the CLI does is available here. */
export { importModel } from './import';
export { optimize, DEFAULT_PASSES } from './passes';
export { planMemory } from './plan';
export { generate } from './codegen';
export type { GenerateOptions, GenerateResult } from './codegen';
export { runFloat, runFloatAll } from './reference/runFloat';
export { listTargets, getTarget, targetFigures } from './targets';
export type { Target, TargetFigures } from './targets';
export { TinyfitError } from './errors';
export * from './ir/types';
