/**
 * Dynamic-range "hybrid" weight storage: int8 weights with one float32 scale per output channel, float32
 * activations. The `_i8w_f32` C kernels accumulate x·(float)q per output channel and multiply the sum by the
 * channel's scale before adding the bias (firmware/kernels/README.md, "Weight storage variants").
 */
import { quantizeWeightsPerChannel } from '../arith/quantParams';

/** Hybrid weights: what the C stores (q, scales) and the float32 weights they stand for. */
export interface HybridWeights {
  /** Symmetric int8 weights in [−127, 127], same layout as the float weights. */
  q: Int8Array;
  /** float32 scale per channel along the quantization axis. */
  scales: Float32Array;
  /** float32(q[i] · scales[channel of i]): the weights the hybrid kernel effectively applies. */
  dequantized: Float32Array;
}

/**
 * Quantizes float32 weights for a hybrid kernel, per channel along `axis` (0 for conv OHWI and dense
 * [out][in], 3 for depthwise [1][kh][kw][in_c·mult]), with {@link quantizeWeightsPerChannel}: symmetric,
 * scale = max |w| / 127 (1 for an all-zero channel), q = round(w / scale) halves away from zero.
 * @throws RangeError if the shape does not match, the axis is out of range, or a weight is not finite.
 */
export function quantizeWeightsForHybrid(w: Float32Array, shape: number[], axis: number): HybridWeights {
  const { data, scales } = quantizeWeightsPerChannel(w, shape, axis);
  const channels = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const s = Float32Array.from(scales);
  const dequantized = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    // |q| ≤ 127 and s is float32, so the product is exact in double before this one rounding.
    dequantized[i] = Math.fround(data[i] * s[Math.floor(i / inner) % channels]);
  }
  return { q: data, scales: s, dequantized };
}
