#ifndef TINYFIT_PRELU_F32_H
#define TINYFIT_PRELU_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Parametric ReLU, in float:
 *
 *   out[i] = x > 0 ? x : alpha[i % alpha_n] * x,   x = in[i]
 *
 * `alpha` holds `alpha_n` (>= 1) slopes, broadcast over the trailing axes (e.g. per channel in NHWC when
 * alpha_n == c); `n` is normally a multiple of `alpha_n`. `out` may equal `in`.
 */
void tinyfit_prelu_f32(const float *in, const float *alpha, int n, int alpha_n, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PRELU_F32_H */
