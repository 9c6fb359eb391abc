#ifndef TINYFIT_SOFTMAX_F32_H
#define TINYFIT_SOFTMAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Softmax along the middle axis of a tensor viewed as [outer][n][inner], in float, the max subtracted
 * first:
 *
 *   out[o][k][i] = exp(x[o][k][i] - m) / sum_k' exp(x[o][k'][i] - m),   m = max over k of x[o][k][i]
 *
 * `outer` is the product of the axes before the softmax axis, `inner` the product of those after it (1 for
 * the last axis). `in == out` is allowed.
 */
void tinyfit_softmax_f32(const float *in, int outer, int n, int inner, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_SOFTMAX_F32_H */
