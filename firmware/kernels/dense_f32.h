#ifndef TINYFIT_DENSE_F32_H
#define TINYFIT_DENSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Fully connected layer applied to each of `rows` input rows, with fused bias and clamp; each output is
 * accumulated in float from the bias in increasing i:
 *
 *   out[r][o] = clamp(bias[o] + sum_i in[r][i] * w[o][i], act_min, act_max)
 *
 * `in` is [rows][in_n]; `w` [out_n][in_n]; `bias` [out_n], or NULL for none; `out` [rows][out_n] and must
 * not alias `in`; `act_min` / `act_max` are -FLT_MAX / FLT_MAX for no clamp.
 */
void tinyfit_dense_f32(const float *in, int rows, int in_n, const float *w,
                       const float *bias, int out_n, float *out,
                       float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_F32_H */
