#ifndef TINYFIT_CONV2D_I8W_F32_H
#define TINYFIT_CONV2D_I8W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_conv2d_f32 with int8 weight storage (firmware/kernels/README.md, "Weight storage variants"),
 * dynamic-range hybrid: int8 weights with one float scale per output channel, float activations; equals
 * tinyfit_conv2d_f32 fed the weights w*w_scale up to float32 rounding:
 *
 *   iy, ix as in tinyfit_conv2d_f32
 *   out[oy][ox][oc] = clamp(w_scale[oc] * sum_{ky,kx,ic} in[iy][ix][ic] * (float)w[oc][ky][kx][ic] + bias[oc],
 *                           act_min, act_max)
 *
 * Output channel oc's sum of x * (float)w is multiplied by w_scale[oc], then the bias is added and the
 * clamp applied. `w`: int8, shape [out_c][k_h][k_w][in_c]; `w_scale`: out_c entries. All other parameters
 * are as in tinyfit_conv2d_f32.
 */
void tinyfit_conv2d_i8w_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                            const int8_t *w, const float *w_scale, const float *bias, int out_c,
                            int k_h, int k_w, int stride_h, int stride_w,
                            int dil_h, int dil_w, int pad_top, int pad_left,
                            float *out, int out_h, int out_w, int out_stride,
                            float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_I8W_F32_H */
