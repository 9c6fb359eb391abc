/**
 * Flash bytes of a model's constants as the generated C stores them: weight arrays plus, for int8 graphs,
 * the generation-time requantization constants (per-channel multipliers and shifts, lookup tables).
 */
import { dtypeBytes, isConst, tensor } from '../ir/graph';
import { Graph, Tensor } from '../ir/types';
import { PointerNames } from './opCalls';
import { opCallInt8 } from './opCallsInt8';

/** Flash bytes of one constant in its storage form (IEEE half; int8 plus float channel scales; or its dtype). */
export function storedBytes(t: Tensor): number {
  const n = t.data!.length;
  const st = t.storage;
  return st?.kind === 'float16' ? 2 * n : st?.kind === 'int8' ? n + 4 * st.scales.length : n * dtypeBytes(t.dtype);
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
  const names: PointerNames = {
    ptr: () => 'p',
    stride: (id) => tensor(g, id).shape[tensor(g, id).shape.length - 1],
    strided: () => false,
    inPlaceDepthwise: () => false,
    scratch: () => undefined,
    reverse: () => false,
    concatViews: () => undefined,
  };
  for (const op of g.ops) bytes += opCallInt8(g, op, names, 'size', rounding, 'size')?.declBytes ?? 0;
  return bytes;
}
