#ifndef TINYFIT_CONV2D_TRANSPOSE_F32_H
#define TINYFIT_CONV2D_TRANSPOSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Transposed 2-D convolution over an NHWC tensor without batch axis (Keras Conv2DTranspose, TFLite
 * TRANSPOSE_CONV), matching conv2dTranspose (src/reference/float/conv2d_transpose.ts):
 *
 *   out[oy][ox][oc] = clamp(bias[oc] + sum of in[iy][ix][ic] * w[oc][ky][kx][ic], act_min, act_max)
 *                     over iy*stride_h + ky = oy + pad_top, ix*stride_w + kx = ox + pad_left, inside the input
 *
 * The full (uncropped) output has (in_h - 1)*stride_h + k_h rows; pad_top / pad_left rows and columns are
 * cropped before the output, and out_h / out_w may reach past the full output (TFLite's output_shape): those
 * cells receive no tap, only the bias. Computed as a gather, one whole output pixel at a time in raster order,
 * no scratch buffer, accumulated in float from the bias in the order kernel row, kernel column, input channel.
 * Weights are OHWI [out_c][k_h][k_w][in_c]; bias [out_c] or NULL; no clamp is -FLT_MAX / FLT_MAX. Tensors are
 * contiguous and `out` must not alias `in`.
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
