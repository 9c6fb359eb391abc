import { pruneTensors, replaceUses } from '../ir/graph';
import { Graph, Op } from '../ir/types';
import { removeOps } from './util';

/** Removes training-only layers (Dropout, GaussianNoise, ...): their output is their input at inference. */
export function stripTrainingOnly(g: Graph): Graph {
  const dead = new Set<Op>();
  for (const op of g.ops) {
    if (op.kind !== 'identity') continue;
    replaceUses(g, op.outputs[0], op.inputs[0]);
    dead.add(op);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
