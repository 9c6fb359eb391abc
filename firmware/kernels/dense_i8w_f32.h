#ifndef TINYFIT_DENSE_I8W_F32_H
#define TINYFIT_DENSE_I8W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_dense_f32 with int8 weight storage (firmware/kernels/README.md, "Weight storage variants"),
 * dynamic-range hybrid: int8 weights with one float scale per output channel, float activations; equals
 * tinyfit_dense_f32 fed the weights w*w_scale up to float32 rounding:
 *
 *   out[r][o] = clamp(w_scale[o] * sum_i in[r][i] * (float)w[o][i] + bias[o], act_min, act_max)
 *
 * Output channel o's sum of x * (float)w is multiplied by w_scale[o], then the bias is added and the clamp
 * applied. `w`: int8, shape [out_n][in_n]; `w_scale`: out_n entries. All other parameters are as in
 * tinyfit_dense_f32.
 */
void tinyfit_dense_i8w_f32(const float *in, int rows, int in_n, const int8_t *w, const float *w_scale,
                           const float *bias, int out_n, float *out,
                           float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_I8W_F32_H */
