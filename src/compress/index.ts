/**
 * Model compression: the fine-tuning engine and magnitude pruning (more stages join here).
 */
export { fineTune, getTrainingTf } from './train';
export type { TrainOptions, TrainProgress, TrainResult, EpochStats, StepContext } from './train';
export { loadNpyDataset, makeDataset, sliceDataset, epochOrder } from './dataset';
export type { Dataset } from './dataset';
export { evaluateAccuracy } from './evaluate';
export { latestCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint';
export type { Checkpoint } from './checkpoint';
export { applyMasks, maskSparsity, readMasks, trainableVariables, writeMasks } from './masks';
export type { WeightMasks } from './masks';
export { magnitudeMask, prunableWeights } from './magnitude';
export { polynomialDecaySparsity } from './schedule';
export type { PolynomialDecay } from './schedule';
export { pruneAndFineTune, pruneOneShot, magnitudeMasks, resolveSparsity } from './prune';
export type { PruneOptions, PruneResult, SparsityTarget } from './prune';
export { sensitivityAnalysis, chooseSparsities, formatSensitivityTable, DEFAULT_SENSITIVITY_SPARSITIES } from './sensitivity';
export type { SensitivityRow, SensitivityTable } from './sensitivity';
export { registerTrainingKernels } from './wasmGrads';
export { structuredPrune } from './structuredTf';
export type { StructuredPruneOptions, StructuredPruneResult, StructuredStep } from './structuredTf';
export { layersModelToGraph, saveLayersModel, loadLayersModelFromDir } from './tfModelIo';
export { randomShift, shiftTransform } from './augment';
export { compressModel } from './pipeline';
export type { CompressRecipe, CompressResult, LayerReport, PipelineProgress, StageReport, PerLayer } from './recipe';
export { checkRecipe } from './recipe';
export { int8Accuracy, int8Predictions } from './int8Stage';
