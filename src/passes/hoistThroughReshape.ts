import { addTensor, consumers, pruneTensors, tensor } from '../ir/graph';
import { normAxis } from '../ir/shapes';
import { Graph, Op } from '../ir/types';
import { soleConsumer } from './util';

/** Ops that act elementwise or per channel of the last axis, so they commute with a last-axis-keeping reshape. */
function commutes(op: Op, rank: number): boolean {
  if (op.kind === 'activation') return true;
  if (op.kind === 'affine') return normAxis(op.attrs.axis, rank) === rank - 1;
  return false;
}

/**
 * Moves a per-channel affine (BatchNormalization) or an activation that follows a reshape to before it, when
 * the reshape keeps the channel (last) axis: reshape → BN becomes BN → reshape. 1-D layers run as 2-D ops
 * behind reshapes; this lets batch norm fold and activations fuse into them as they do for 2-D layers.
 */
export function hoistThroughReshape(g: Graph): Graph {
  let changed = true;
  while (changed) {
    changed = false;
    const readers = consumers(g);
    for (const r of g.ops) {
      if (r.kind !== 'reshape') continue;
      const x = tensor(g, r.inputs[0]);
      const y = tensor(g, r.outputs[0]);
      if (x.data || x.shape[x.shape.length - 1] !== y.shape[y.shape.length - 1]) continue;
      const next = soleConsumer(g, y.id, readers);
      if (!next || next.inputs[0] !== y.id || !commutes(next, y.shape.length)) continue;
      // next: y → z becomes next: x → t, and r: t → z.
      const z = next.outputs[0];
      const t = addTensor(g, `${tensor(g, z).name}/pre_reshape`, [...x.shape], x.dtype);
      if (next.kind === 'affine') next.attrs.axis = x.shape.length - 1;
      next.inputs = [x.id, ...next.inputs.slice(1)];
      next.outputs = [t.id];
      r.inputs = [t.id];
      r.outputs = [z];
      const ri = g.ops.indexOf(r);
      const ni = g.ops.indexOf(next);
      g.ops.splice(ni, 1);
      g.ops.splice(ri, 0, next);
      changed = true;
      break;
    }
  }
  pruneTensors(g);
  return g;
}
