import { addTensor, consumers, producers, pruneTensors, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';
import { isUnclamped, removeOps, soleConsumer } from './util';
import { opDef } from '../ir/ops';
import { numel } from '../ir/shapes';

/**
 * Folds a per-channel affine op (an imported BatchNormalization) into the op that produces its input when the
 * op table gives that op a weight output-channel axis (conv2d, depthwise_conv2d, dense), when that op has no fused clamp, its output feeds only the affine op, and the
 * affine acts on the channel (last) axis: w' = w·scale[c], b' = b·scale[c] + shift[c]. New constants are
 * created, so layers that share weights are unaffected.
 */
export function foldBatchNorm(g: Graph): Graph {
  const dead = new Set<Op>();
  const readers = consumers(g);
  const writers = producers(g);
  for (const bn of g.ops) {
    if (bn.kind !== 'affine' || !isUnclamped(bn)) continue;
    const x = tensor(g, bn.inputs[0]);
    const prod = writers.get(x.id);
    if (!prod || dead.has(prod)) continue;
    const axis = opDef(prod).weightChannelAxis;
    if (axis === undefined) continue;
    if (!isUnclamped(prod) || soleConsumer(g, x.id, readers) !== bn) continue;
    const rank = x.shape.length;
    if ((bn.attrs.axis < 0 ? bn.attrs.axis + rank : bn.attrs.axis) !== rank - 1) continue;
    const scale = tensor(g, bn.inputs[1]).data as Float32Array;
    const shift = tensor(g, bn.inputs[2]).data as Float32Array;
    const c = scale.length;
    const w = tensor(g, prod.inputs[1]);
    const wd = w.data as Float32Array;
    const nw = new Float32Array(wd.length);
    const inner = numel(w.shape.slice(axis + 1)); // elements between consecutive output channels
    for (let i = 0; i < wd.length; i++) nw[i] = wd[i] * scale[Math.floor(i / inner) % c];
    const oldBias = prod.inputs[2] !== undefined ? (tensor(g, prod.inputs[2]).data as Float32Array) : undefined;
    const nb = new Float32Array(c);
    for (let i = 0; i < c; i++) nb[i] = (oldBias ? oldBias[i] : 0) * scale[i] + shift[i];
    const wt = addTensor(g, `${w.name}/bn_folded`, w.shape, 'float32', nw);
    const bt = addTensor(g, `${prod.name}/bias_bn_folded`, [c], 'float32', nb);
    prod.inputs = [prod.inputs[0], wt.id, bt.id];
    prod.outputs = [bn.outputs[0]];
    prod.name = `${prod.name}+${bn.name}`;
    dead.add(bn);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
