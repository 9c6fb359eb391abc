import { OpAttrsByKind } from '../../ir/types';
import { FloatKernel } from '../kernel';

/** Attributes of a transposed 2-D convolution (src/ir/ops/conv2d_transpose.ts). */
export type Conv2dTransposeAttrs = OpAttrsByKind['conv2d_transpose'];
import { checkLength, clampValue } from './common';

/**
 * Output length of a transposed convolution along one axis: `(inLen − 1)·stride + k − before − after`.
 * @throws Error on a stride < 1, a negative `before` or a negative result
 */
export function conv2dTransposeOutLen(inLen: number, k: number, stride: number, before: number, after: number): number {
  if (!(Number.isInteger(stride) && stride >= 1)) throw new Error(`internal: conv2dTranspose stride ${stride} must be an integer ≥ 1`);
  if (!(Number.isInteger(before) && before >= 0)) throw new Error(`internal: conv2dTranspose top/left crop ${before} must be an integer ≥ 0`);
  const n = (inLen - 1) * stride + k - before - after;
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`internal: conv2dTranspose output length ${n} (input ${inLen}, kernel ${k}, stride ${stride}, crop ${before}/${after})`);
  return n;
}

/**
 * The taps of one output coordinate along one axis, for a gather: full-output coordinate `t` (output index + crop
 * before) receives input i through kernel tap k when `i·stride + k = t`, 0 ≤ k < `kLen`, 0 ≤ i < `inLen`. Those
 * taps are k = k0, k0 + stride, … (`count` of them), with input index i0, i0 − 1, … (all 0 when there is none).
 */
export function transposeTaps(t: number, kLen: number, stride: number, inLen: number): { k0: number; i0: number; count: number } {
  if (inLen <= 0) return { k0: 0, i0: 0, count: 0 };
  const lo = Math.max(0, t - (inLen - 1) * stride); // smallest k whose i is < inLen
  const hi = Math.min(kLen - 1, t); // largest k whose i is ≥ 0
  const k0 = lo + ((t - lo) % stride); // smallest k ≥ lo with k ≡ t (mod stride); t ≥ lo
  if (k0 > hi) return { k0: 0, i0: 0, count: 0 };
  return { k0, i0: (t - k0) / stride, count: Math.floor((hi - k0) / stride) + 1 };
}

/** The dimensions of a transposed convolution, its data checked against them (shared by the float and int8 kernels). */
export function conv2dTransposeGeometry(what: string, x: ArrayLike<number>, xShape: readonly number[], w: ArrayLike<number>, wShape: readonly number[], bias: ArrayLike<number> | undefined, attrs: Conv2dTransposeAttrs) {
  if (xShape.length !== 3 || wShape.length !== 4) throw new Error(`internal: ${what} needs HWC input and OHWI weights, got [${xShape}] and [${wShape}]`);
  const [ih, iw, ic] = xShape;
  const [oc, kh, kw, wic] = wShape;
  if (wic !== ic) throw new Error(`internal: ${what} kernel has ${wic} input channels, input has ${ic}`);
  checkLength(`${what} input`, x, xShape);
  checkLength(`${what} weights`, w, wShape);
  if (bias) checkLength(`${what} bias`, bias, [oc]);
  const [sh, sw] = attrs.strides;
  const { top, left, bottom, right } = attrs.pad;
  return { ih, iw, ic, oc, kh, kw, sh, sw, top, left, oh: conv2dTransposeOutLen(ih, kh, sh, top, bottom), ow: conv2dTransposeOutLen(iw, kw, sw, left, right) };
}

/**
 * Transposed 2-D convolution of an HWC tensor, matching `tinyfit_conv2d_transpose_f32`:
 *
 *     y[oy, ox, o] = bias[o] + Σ x[iy, ix, c] · w[o, ky, kx, c]   over iy·sh + ky = oy + top, ix·sw + kx = ox + left
 *
 * then the fused clamp. Computed as a gather, one whole output pixel at a time: for each output channel the taps
 * are visited kernel row ascending, kernel column ascending, input channel ascending (the C kernel's order), summed
 * in double from the bias and stored as float32.
 *
 * @param x input, shape `[H, W, Cin]`
 * @param xShape `[H, W, Cin]`
 * @param w weights, OHWI `[Cout, KH, KW, Cin]` (TFLite TRANSPOSE_CONV's layout; Keras stores `[KH, KW, Cout, Cin]`)
 * @param wShape `[Cout, KH, KW, Cin]`
 * @param bias `[Cout]` or undefined
 * @param attrs strides, crop of the full output (`pad`) and fused clamp
 * @returns output `[OH, OW, Cout]`, row-major, OH = (H − 1)·sh + KH − top − bottom (likewise OW)
 * @throws Error on inconsistent shapes or attributes
 */
export function conv2dTranspose(
  x: Float32Array,
  xShape: readonly number[],
  w: Float32Array,
  wShape: readonly number[],
  bias: Float32Array | undefined,
  attrs: Conv2dTransposeAttrs,
): Float32Array {
  const { ih, iw, ic, oc, kh, kw, sh, sw, top, left, oh, ow } = conv2dTransposeGeometry('conv2dTranspose', x, xShape, w, wShape, bias, attrs);
  const out = new Float32Array(oh * ow * oc);
  for (let oy = 0; oy < oh; oy++) {
    const ty = transposeTaps(oy + top, kh, sh, ih);
    for (let ox = 0; ox < ow; ox++) {
      const tx = transposeTaps(ox + left, kw, sw, iw);
      const obase = (oy * ow + ox) * oc;
      for (let o = 0; o < oc; o++) {
        let acc = bias ? bias[o] : 0;
        for (let a = 0; a < ty.count; a++) {
          const iy = ty.i0 - a;
          const ky = ty.k0 + a * sh;
          for (let b = 0; b < tx.count; b++) {
            const xb = (iy * iw + tx.i0 - b) * ic;
            const wb = ((o * kh + ky) * kw + tx.k0 + b * sw) * ic;
            for (let c = 0; c < ic; c++) acc += x[xb + c] * w[wb + c];
          }
        }
        out[obase + o] = clampValue(acc, attrs.clamp);
      }
    }
  }
  return out;
}

/** The interpreter's entry for the conv2d_transpose op. */
export const conv2dTransposeOp: FloatKernel<'conv2d_transpose'> = (op, ins, shapes) => conv2dTranspose(ins[0], shapes[0], ins[1], shapes[1], ins[2], op.attrs);
