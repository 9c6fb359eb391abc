#ifndef TINYFIT_DEPTHWISE_CONV2D_INPLACE_I8W_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_INPLACE_I8W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_depthwise_conv2d_inplace_f32 with int8 weight storage (firmware/kernels/README.md, "Weight
 * storage variants"), dynamic-range hybrid: int8 weights with one float scale per output channel, float
 * activations; equals tinyfit_depthwise_conv2d_inplace_f32 fed the weights w*w_scale up to float32
 * rounding:
 *
 *   iy and ix as in tinyfit_conv2d_f32 (input buf[in_h][in_w][c], output buf[out_h][out_w][c])
 *   out[oy][ox][ch] = clamp(w_scale[ch] * sum_{ky,kx} in[iy][ix][ch] * (float)w[0][ky][kx][ch] + bias[ch],
 *                           act_min, act_max)
 *
 * Output channel ch's sum of x * (float)w is multiplied by w_scale[ch], then the bias is added and the
 * clamp applied. `w`: int8, shape [1][k_h][k_w][c]; `w_scale`: c entries. All other parameters are as in
 * tinyfit_depthwise_conv2d_inplace_f32.
 */
void tinyfit_depthwise_conv2d_inplace_i8w_f32(float *buf, int in_h, int in_w, int c,
                                              const int8_t *w, const float *w_scale, const float *bias,
                                              int k_h, int k_w, int stride_h, int stride_w,
                                              int dil_h, int dil_w, int pad_top, int pad_left,
                                              int out_h, int out_w, float *temp,
                                              float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_INPLACE_I8W_F32_H */
