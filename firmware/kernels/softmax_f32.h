#ifndef TINYFIT_SOFTMAX_F32_H
#define TINYFIT_SOFTMAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Softmax along the middle axis of a tensor viewed as [outer][n][inner]:
 * `out[o][k][i] = exp(x[o][k][i] - m) / sum_k' exp(x[o][k'][i] - m)` with `m` the max over k.
 * `in == out` is allowed.
 *
 * @param in    Input, shape [outer][n][inner].
 * @param outer Product of the axes before the softmax axis.
 * @param n     Softmax axis size.
 * @param inner Product of the axes after the softmax axis (1 for the last axis).
 * @param out   Output, same shape as `in`; may equal `in`.
 */
void tinyfit_softmax_f32(const float *in, int outer, int n, int inner, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_SOFTMAX_F32_H */
