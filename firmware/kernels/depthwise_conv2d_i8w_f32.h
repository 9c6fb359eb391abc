#ifndef TINYFIT_DEPTHWISE_CONV2D_I8W_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_I8W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_depthwise_conv2d_f32 with int8 weight storage (firmware/kernels/README.md, "Weight storage
 * variants"), dynamic-range hybrid: int8 weights with one float scale per output channel, float
 * activations; equals tinyfit_depthwise_conv2d_f32 fed the weights w*w_scale up to float32 rounding:
 *
 *   oc = ic*mult + m,  iy and ix as in tinyfit_conv2d_f32
 *   out[oy][ox][oc] = clamp(w_scale[oc] * sum_{ky,kx} in[iy][ix][ic] * (float)w[0][ky][kx][oc] + bias[oc],
 *                           act_min, act_max)
 *
 * Output channel oc's sum of x * (float)w is multiplied by w_scale[oc], then the bias is added and the
 * clamp applied. `w`: int8, shape [1][k_h][k_w][in_c*mult]; `w_scale`: in_c*mult entries, oc = ic*mult + m.
 * All other parameters are as in tinyfit_depthwise_conv2d_f32.
 */
void tinyfit_depthwise_conv2d_i8w_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                                      const int8_t *w, const float *w_scale, const float *bias, int mult,
                                      int k_h, int k_w, int stride_h, int stride_w,
                                      int dil_h, int dil_w, int pad_top, int pad_left,
                                      float *out, int out_h, int out_w, int out_stride,
                                      float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_I8W_F32_H */
