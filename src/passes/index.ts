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

/** Runs the passes on a copy of the graph and validates the result. */
export function optimize(g: Graph, passes: Pass[] = DEFAULT_PASSES): Graph {
  let out = cloneGraph(g);
  for (const p of passes) out = p.run(out);
  validateGraph(out);
  return out;
}
