#ifndef TINYFIT_ACTIVATION_F32_H
#define TINYFIT_ACTIVATION_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/** Activation functions understood by tinyfit_activation_f32 (`fn`). */
enum {
    TINYFIT_ACT_LINEAR = 0,
    TINYFIT_ACT_RELU = 1,
    TINYFIT_ACT_RELU6 = 2,
    TINYFIT_ACT_SIGMOID = 3,
    TINYFIT_ACT_HARD_SIGMOID = 4,
    TINYFIT_ACT_TANH = 5,
    TINYFIT_ACT_ELU = 6,
    TINYFIT_ACT_SELU = 7,
    TINYFIT_ACT_SOFTPLUS = 8,
    TINYFIT_ACT_SOFTSIGN = 9,
    TINYFIT_ACT_SWISH = 10,
    TINYFIT_ACT_LEAKY_RELU = 11,
    TINYFIT_ACT_RELU_EX = 12,
    TINYFIT_ACT_SCALE = 13,
    TINYFIT_ACT_HARD_SWISH = 14,
    TINYFIT_ACT_RELU_N1_TO_1 = 15
};

/**
 * Element-wise activation y = f(x) of `rows` rows of `n` elements, in float (HARD_SIGMOID as TF.js,
 * HARD_SWISH as TFLite's float HARD_SWISH, evaluated left to right in float):
 *
 *   LINEAR: x.  RELU: max(x, 0).  RELU6: min(max(x, 0), 6).  RELU_N1_TO_1: min(max(x, -1), 1).
 *   SIGMOID: 1/(1 + e^-x).  HARD_SIGMOID: clamp(0.2x + 0.5, 0, 1).  TANH: tanh(x).
 *   ELU: x > 0 ? x : p0*(e^x - 1).  SELU: ELU with alpha 1.6732632423543772, times 1.0507009873554805.
 *   SOFTPLUS: log(1 + e^x), computed stably.  SOFTSIGN: x/(1 + |x|).  SWISH: x*sigmoid(x).
 *   LEAKY_RELU: x < 0 ? p0*x : x.  SCALE: p0*x.
 *   RELU_EX: x >= p0 ? p0 : (x > p1 ? x : p2*(x - p1))   (Keras: 0 at x = threshold).
 *   HARD_SWISH: x*min(max(x + 3, 0), 6)/6.
 *   Unknown `fn` values behave as LINEAR.
 *
 * `fn` is one of the TINYFIT_ACT_* values. p0: ELU alpha, LEAKY_RELU slope, SCALE factor, or RELU_EX
 * max_value (FLT_MAX for none); p1: RELU_EX threshold; p2: RELU_EX negative_slope (otherwise unused). Row r
 * is read from `in + r*in_stride` and written to `out + r*out_stride` (strides `n` when contiguous; flat
 * tensor: rows = 1; NHWC channel slice of a wider tensor: rows = pixels, n = channels, strides = pixel
 * strides); when both sides are contiguous the rows are processed as one flat run. Elements are processed
 * in increasing order, each read before it is written, so `in == out` with equal strides works (in place).
 */
void tinyfit_activation_f32(const float *in, int in_stride, float *out, int out_stride,
                            int rows, int n, int fn, float p0, float p1, float p2);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_ACTIVATION_F32_H */
