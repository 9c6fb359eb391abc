import { consumers, producers, pruneTensors } from '../ir/graph';
import { ActivationParams, FusedClamp, Graph, Op } from '../ir/types';
import { isUnclamped, removeOps, soleConsumer } from './util';
import { opDef } from '../ir/ops';

/** The clamp equivalent to an activation, when it is one (relu, relu6, ReLU(max_value)). */
export function activationAsClamp(fn: string, p: ActivationParams): FusedClamp | undefined {
  if (fn === 'relu') return { min: 0, max: Infinity };
  if (fn === 'relu6') return { min: 0, max: 6 };
  if (fn === 'relu_ex' && (p.negativeSlope ?? 0) === 0 && (p.threshold ?? 0) === 0) {
    return { min: 0, max: p.maxValue ?? Infinity };
  }
  return undefined;
}

/**
 * Fuses a clamp-like activation (ReLU, ReLU6, ReLU with max_value) into the op producing its input, when
 * that op supports a fused clamp (the op table's `fusesClamp`), has none yet, and its output feeds only the activation.
 */
export function fuseActivation(g: Graph): Graph {
  const dead = new Set<Op>();
  const readers = consumers(g);
  const writers = producers(g);
  for (const act of g.ops) {
    if (act.kind !== 'activation') continue;
    const clamp = activationAsClamp(act.attrs.fn, act.attrs.params);
    if (!clamp) continue;
    const prod = writers.get(act.inputs[0]);
    if (!prod || dead.has(prod) || !opDef(prod).fusesClamp || !isUnclamped(prod) || !('clamp' in prod.attrs)) continue;
    if (soleConsumer(g, act.inputs[0], readers) !== act) continue;
    prod.attrs.clamp = clamp;
    prod.outputs = [act.outputs[0]];
    dead.add(act);
  }
  removeOps(g, dead);
  pruneTensors(g);
  return g;
}
