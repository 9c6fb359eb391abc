#ifndef TINYFIT_ACTIVATION_LOGISTIC_S8_H
#define TINYFIT_ACTIVATION_LOGISTIC_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 element-wise logistic (sigmoid), TFLite Micro's int8 LOGISTIC (reference_integer_ops::Logistic,
 * tensorflow/lite/kernels/internal/reference/integer_ops/logistic.h, gemmlowp arithmetic), bit-exact with
 * logisticInt8 (src/reference/int8/logistic.ts):
 *
 *   x = in - in_zp
 *   y = MultiplyByQuantizedMultiplier(x, input_multiplier, input_left_shift)        (Q4.27)
 *   out = x <= -input_range_radius ? -128 : x >= input_range_radius ? 127
 *       : clamp(RoundingDivideByPOT(logistic(y), 23) - 128)                        (logistic in Q0.31)
 *
 * Output scale 1/256, zero point -128. `rows` rows of `n` elements: element (r, j) is in[r*in_stride + j] /
 * out[r*out_stride + j] (flat: rows = 1). `input_range_radius`, `input_multiplier`, `input_left_shift` come
 * from logisticParams (TFLM's prepare: s_in * 2^27 split by frexp, CalculateInputRadius with 4 integer
 * bits). The input rescaling is the default double-rounding MultiplyByQuantizedMultiplier whatever the
 * model's rounding mode. Works in place (in == out with equal strides).
 */
void tinyfit_activation_logistic_s8(const int8_t *in, int in_stride, int8_t *out, int out_stride, int rows, int n, int32_t in_zp,
                     int32_t input_range_radius, int32_t input_multiplier, int input_left_shift);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_ACTIVATION_LOGISTIC_S8_H */
