import { producers, pruneTensors, replaceUses, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';
import { removeOps } from './util';

/**
 * Removes reshapes that do not change the shape and collapses chains of reshapes into one
 * (reshape(reshape(x)) = reshape(x)), so 1-D layers' 2-D views cost nothing.
 */
export function dropIdentityReshape(g: Graph): Graph {
  const dead = new Set<Op>();
  const writers = producers(g);
  for (const op of g.ops) {
    if (op.kind !== 'reshape') continue;
    // Skip over a reshape feeding this one.
    const prev = writers.get(op.inputs[0]);
    if (prev && prev.kind === 'reshape') op.inputs = [prev.inputs[0]];
    const x = tensor(g, op.inputs[0]);
    const y = tensor(g, op.outputs[0]);
    if (x.shape.join(',') === y.shape.join(',') && !(g.inputs.includes(x.id) && g.outputs.includes(y.id))) {
      replaceUses(g, y.id, x.id);
      dead.add(op);
    }
  }
  removeOps(g, dead);
  // Reshapes whose outputs nobody reads any more.
  const read = new Set<number>(g.outputs);
  for (const op of g.ops) if (!dead.has(op)) op.inputs.forEach((i) => read.add(i));
  for (const op of [...g.ops].reverse()) {
    if (op.kind === 'reshape' && !read.has(op.outputs[0])) dead.add(op);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
