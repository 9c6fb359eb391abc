/**
 * Float16 and hybrid (int8-weight) storage of a float32 graph's weights: the graph stays float32 and is
 * computed in float32, but each conv / depthwise / dense weight tensor (float16: and its bias and
 * pre-activation parameters) is marked with how the generated C stores it (IEEE half, or int8 with
 * per-output-channel scales) and its data is replaced by exactly the values that storage decodes to, so the
 * float reference predicts the C.
 */
import { cloneGraph, tensor } from '../ir/graph';
import { Graph } from '../ir/types';
import { opDef } from '../ir/ops';
import { roundToHalf } from '../arith/float16';
import { quantizeWeightsForHybrid } from './hybrid';

/** How weights are stored. */
export type WeightFormat = 'float16' | 'hybrid';


/**
 * Returns a copy of a float32 graph whose weights of ops with compressed-weight kernels (conv2d, depthwise_conv2d, dense) are stored as `format`.
 * float16 also stores those ops' biases and a fused pre-activation's scale and shift as half (the f16w kernels
 * decode them too); hybrid keeps them float32. Standalone BN/affine parameters and other constants stay float32.
 */
export function compressWeights(g: Graph, format: WeightFormat): Graph {
  const out = cloneGraph(g);
  const done = new Set<number>();
  const toHalf = (id: number | undefined): void => {
    if (id === undefined || done.has(id)) return;
    const t = tensor(out, id);
    if (t.dtype !== 'float32' || !t.data) return;
    done.add(id);
    out.tensors.set(id, { ...t, data: roundToHalf(t.data as Float32Array), storage: { kind: 'float16' } });
  };
  for (const op of out.ops) {
    const def = opDef(op);
    const axis = def.weightChannelAxis;
    if (!def.compressedWeights || axis === undefined || done.has(op.inputs[1])) continue;
    if (format === 'float16') {
      op.inputs.slice(1).forEach(toHalf); // weights, bias, and conv2d's pre-activation scale/shift
      continue;
    }
    const w = tensor(out, op.inputs[1]);
    if (w.dtype !== 'float32' || !w.data) continue;
    done.add(w.id);
    const h = quantizeWeightsForHybrid(w.data as Float32Array, w.shape, axis);
    out.tensors.set(w.id, { ...w, data: h.dequantized, storage: { kind: 'int8', q: h.q, scales: h.scales } });
  }
  return out;
}
