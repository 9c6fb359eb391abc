/**
 * Flash bytes of a model's constants as the generated C stores them: weight arrays plus, for int8 graphs,
 * the generation-time requantization constants (per-channel multipliers and shifts, lookup tables).
 */
import { isConst, tensor } from '../ir/graph';
import { Graph, Tensor } from '../ir/types';
import { tensorFlashBytes } from '../ir/storage';
import { emitCalls, unplannedNames } from './emitCalls';

/** Flash bytes of one constant in its storage form (IEEE half; int8 plus float channel scales; a compressed int8 format; or its dtype). */
export function storedBytes(t: Tensor): number {
  return tensorFlashBytes(t);
}

/** Bytes of every constant an op reads, plus an int8 graph's requantization constants. */
export function constantBytes(g: Graph): number {
  let bytes = 0;
  const seen = new Set<number>();
  for (const op of g.ops) {
    for (const id of op.inputs) {
      const t = tensor(g, id);
      if (!isConst(t) || seen.has(id)) continue;
      seen.add(id);
      bytes += storedBytes(t);
    }
  }
  const rounding = g.quantization?.rounding;
  if (!rounding) return bytes;
  return bytes + emitCalls(g, unplannedNames(g), rounding, 'size').declBytes;
}
