import { consumers, producers, pruneTensors, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';
import { removeOps, soleConsumer } from './util';
import { opDef } from '../ir/ops';

/**
 * Fuses a ZeroPadding2D (pad op) into the op that reads it when the op table says it folds padding (convolution,
 * depthwise convolution): zero padding
 * composes with the convolution's own padding, so the padded tensor is never materialised. Not applied to
 * pooling, whose padding semantics differ (padded cells are ignored, not zeros).
 */
export function fusePadding(g: Graph): Graph {
  const dead = new Set<Op>();
  const readers = consumers(g);
  const writers = producers(g);
  for (const conv of g.ops) {
    if (!opDef(conv).fusesPadding || !('pad' in conv.attrs)) continue;
    const pad = writers.get(conv.inputs[0]);
    if (!pad || pad.kind !== 'pad' || dead.has(pad)) continue;
    if (soleConsumer(g, pad.outputs[0], readers) !== conv) continue;
    const p = pad.attrs.pad;
    const c = conv.attrs.pad;
    conv.attrs.pad = { top: c.top + p.top, left: c.left + p.left, bottom: c.bottom + p.bottom, right: c.right + p.right };
    conv.inputs = [pad.inputs[0], ...conv.inputs.slice(1)];
    tensor(g, pad.inputs[0]); // the padded input must exist
    dead.add(pad);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
