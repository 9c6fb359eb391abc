#ifndef TINYFIT_DENSE_F32_H
#define TINYFIT_DENSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Fully connected layer applied to each of `rows` input rows, with fused bias and clamp:
 * `out[r][o] = clamp(bias[o] + sum_i in[r][i] * w[o][i])`.
 *
 * @param in      Input, shape [rows][in_n].
 * @param rows    Number of independent input rows.
 * @param in_n    Input features per row.
 * @param w       Weights, shape [out_n][in_n].
 * @param bias    Bias, shape [out_n], or NULL for none.
 * @param out_n   Output features per row.
 * @param out     Output, shape [rows][out_n]; must not alias `in`.
 * @param act_min Lower clamp (-FLT_MAX for none).
 * @param act_max Upper clamp (FLT_MAX for none).
 */
void tinyfit_dense_f32(const float *in, int rows, int in_n, const float *w,
                       const float *bias, int out_n, float *out,
                       float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_F32_H */
