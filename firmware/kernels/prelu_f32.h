#ifndef TINYFIT_PRELU_F32_H
#define TINYFIT_PRELU_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Parametric ReLU: `out[i] = x > 0 ? x : alpha[i % alpha_n] * x` with `x = in[i]`.
 * `in == out` is allowed.
 *
 * @param in      Input, `n` elements.
 * @param alpha   Slopes, `alpha_n` elements, broadcast over the trailing axes
 *                (e.g. per channel in NHWC when alpha_n == c).
 * @param n       Element count.
 * @param alpha_n Number of slopes (>= 1); `n` is normally a multiple of it.
 * @param out     Output, `n` elements; may equal `in`.
 */
void tinyfit_prelu_f32(const float *in, const float *alpha, int n, int alpha_n, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PRELU_F32_H */
