import { cloneGraph, validateGraph } from '../ir/graph';
import { Graph } from '../ir/types';
import { dropIdentityReshape } from './dropIdentityReshape';
import { foldBatchNorm } from './foldBatchNorm';
import { fuseActivation } from './fuseActivation';
import { fusePadding } from './fusePadding';
import { fusePreActivation } from './fusePreActivation';
import { hoistThroughReshape } from './hoistThroughReshape';
import { stripTrainingOnly } from './stripTrainingOnly';

export { dropIdentityReshape, foldBatchNorm, fuseActivation, fusePadding, fusePreActivation, hoistThroughReshape, stripTrainingOnly };

/** A named graph rewrite. */
export interface Pass {
  name: string;
  run: (g: Graph) => Graph;
}

/** The default inference pipeline, in order. */
export const DEFAULT_PASSES: Pass[] = [
  { name: 'strip-training-only', run: stripTrainingOnly },
  { name: 'drop-identity-reshape', run: dropIdentityReshape },
  { name: 'hoist-through-reshape', run: hoistThroughReshape },
  { name: 'fold-batch-norm', run: foldBatchNorm },
  { name: 'fuse-padding', run: fusePadding },
  { name: 'fuse-activation', run: fuseActivation },
  { name: 'fuse-pre-activation', run: fusePreActivation },
];

/**
 * The passes that are safe on an already-quantized graph (an imported int8 .tflite): nothing that changes its
 * arithmetic (folding, fusing), so it keeps computing exactly what TFLite Micro computes.
 */
export const QUANTIZED_PASSES: Pass[] = [
  { name: 'strip-training-only', run: stripTrainingOnly },
  { name: 'drop-identity-reshape', run: dropIdentityReshape },
];

/** Runs the passes (default: DEFAULT_PASSES, or QUANTIZED_PASSES on a quantized graph) on a copy and validates the result. */
export function optimize(g: Graph, passes: Pass[] = g.quantization ? QUANTIZED_PASSES : DEFAULT_PASSES): Graph {
  let out = cloneGraph(g);
  for (const p of passes) out = p.run(out);
  validateGraph(out);
  return out;
}
