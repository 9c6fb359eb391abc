import { FloatKernel } from '../kernel';

/**
 * Parametric ReLU, matching `tinyfit_prelu_f32`: `y = x > 0 ? x : alpha[i % alpha.length]·x` over the
 * flattened (row-major) data, so alpha repeats over x's leading axes (alpha of shape `[C]`, `[W, C]`,
 * `[H, W, C]` against x `[H, W, C]`).
 *
 * @param x input data (any shape)
 * @param alpha slopes; its length must divide `x.length`
 * @returns output, same length as `x`
 */
export function prelu(x: Float32Array, alpha: Float32Array): Float32Array {
  const an = alpha.length;
  if (an === 0 || x.length % an !== 0) throw new Error(`internal: prelu alpha of ${an} elements does not repeat over ${x.length}`);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v > 0 ? v : alpha[i % an] * v;
  }
  return out;
}

/** The interpreter's entry for the prelu op. */
export const preluOp: FloatKernel<'prelu'> = (_op, ins) => prelu(ins[0], ins[1]);
