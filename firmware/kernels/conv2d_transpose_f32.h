#ifndef TINYFIT_CONV2D_TRANSPOSE_F32_H
#define TINYFIT_CONV2D_TRANSPOSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Transposed 2-D convolution (Keras Conv2DTranspose, TFLite TRANSPOSE_CONV) over an NHWC tensor
 * without batch axis, with fused bias and clamp.
 *
 * The full (uncropped) output has `(in_h - 1)*stride_h + k_h` rows; output row oy is full row
 * `oy + pad_top` (columns likewise with pad_left). Output cell (oy, ox, oc) is
 *
 *   bias[oc] + sum of in[iy][ix][ic] * w[oc][ky][kx][ic]
 *              over iy*stride_h + ky = oy + pad_top, ix*stride_w + kx = ox + pad_left,
 *              0 <= iy < in_h, 0 <= ix < in_w,
 *
 * then clamped. `out_h` / `out_w` may exceed the full output minus the crop (TFLite's output_shape):
 * such rows / columns receive no taps, only the bias. Computed as a gather, one whole output pixel
 * at a time in increasing raster order, with no scratch buffer; each output is accumulated in float
 * from the bias in the order kernel row, kernel column, input channel (both ascending). `out` must
 * not alias `in`. Tensors are contiguous.
 *
 * @param in        Input, shape [in_h][in_w][in_c].
 * @param in_h      Input height (>= 1).
 * @param in_w      Input width (>= 1).
 * @param in_c      Input channels.
 * @param w         Weights, shape [out_c][k_h][k_w][in_c] (TFLite TRANSPOSE_CONV's OHWI layout).
 * @param bias      Bias, shape [out_c], or NULL for none.
 * @param out_c     Output channels.
 * @param k_h       Kernel height.
 * @param k_w       Kernel width.
 * @param stride_h  Vertical stride (>= 1).
 * @param stride_w  Horizontal stride (>= 1).
 * @param pad_top   Rows cropped from the top of the full output (>= 0).
 * @param pad_left  Columns cropped from the left of the full output (>= 0).
 * @param out       Output, shape [out_h][out_w][out_c].
 * @param out_h     Output height.
 * @param out_w     Output width.
 * @param act_min   Lower clamp (-FLT_MAX for none).
 * @param act_max   Upper clamp (FLT_MAX for none).
 */
void tinyfit_conv2d_transpose_f32(const float *in, int in_h, int in_w, int in_c,
                                  const float *w, const float *bias, int out_c,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int pad_top, int pad_left,
                                  float *out, int out_h, int out_w,
                                  float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_TRANSPOSE_F32_H */
