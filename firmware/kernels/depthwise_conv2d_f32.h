#ifndef TINYFIT_DEPTHWISE_CONV2D_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Depthwise 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp; each output
 * is accumulated in float from the bias in the order kernel row, kernel column:
 *
 *   oc = ic*mult + m,  iy and ix as in tinyfit_conv2d_f32
 *   out[oy][ox][oc] = clamp(bias[oc] + sum_{ky,kx} in[iy][ix][ic] * w[0][ky][kx][oc], act_min, act_max)
 *
 * There are `in_c*mult` output channels (`mult`: depth multiplier, output channels per input channel);
 * output channel oc convolves input channel ic only. `w` is [1][k_h][k_w][in_c*mult]; `bias` [in_c*mult],
 * or NULL for none. Geometry (stride, dilation, padding), views (`in_stride` / `out_stride`; `in_c*mult`
 * when the output is contiguous), the clamp, the visiting order (`reverse`) and the streaming rule are as
 * in tinyfit_conv2d_f32; cells outside the input read as 0.
 */
void tinyfit_depthwise_conv2d_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                                  const float *w, const float *bias, int mult,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int dil_h, int dil_w, int pad_top, int pad_left,
                                  float *out, int out_h, int out_w, int out_stride,
                                  float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_F32_H */
