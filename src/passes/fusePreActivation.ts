import { addTensor, consumers, producers, pruneTensors, tensor } from '../ir/graph';
import { normAxis } from '../ir/shapes';
import { Graph, Op } from '../ir/types';
import { removeOps, soleConsumer } from './util';

/**
 * Pre-activation fusion: a per-channel affine (+ clamp) on the channel axis — a BN-ReLU — whose only reader is
 * a convolution is applied by the convolution while it reads its input, so BN-ReLU-Conv units materialise
 * nothing between the running feature map and the convolution's output. Padded cells stay zero, as they are
 * when the convolution pads the BN-ReLU output. Trades a little compute (the affine runs once per kernel tap)
 * for the whole intermediate tensor.
 */
export function fusePreActivation(g: Graph): Graph {
  const dead = new Set<Op>();
  const readers = consumers(g);
  const writers = producers(g);
  for (const conv of g.ops) {
    if (conv.kind !== 'conv2d' || conv.attrs.pre) continue;
    const aff = writers.get(conv.inputs[0]);
    if (!aff || aff.kind !== 'affine' || dead.has(aff)) continue;
    const a = tensor(g, aff.inputs[0]);
    if (a.shape.length !== 3 || normAxis(aff.attrs.axis, 3) !== 2) continue;
    if (soleConsumer(g, aff.outputs[0], readers) !== conv) continue;
    let bias = conv.inputs[2];
    if (bias === undefined) {
      const cout = tensor(g, conv.inputs[1]).shape[0];
      bias = addTensor(g, `${conv.name}/zero_bias`, [cout], 'float32', new Float32Array(cout)).id;
    }
    conv.inputs = [a.id, conv.inputs[1], bias, aff.inputs[1], aff.inputs[2]];
    conv.attrs.pre = { clamp: { ...aff.attrs.clamp } };
    conv.name = `${aff.name}+${conv.name}`;
    dead.add(aff);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
