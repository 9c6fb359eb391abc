#ifndef TINYFIT_SOFTMAX_S8_H
#define TINYFIT_SOFTMAX_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 softmax over the middle axis of (outer, n, inner), TFLite Micro's int8 SOFTMAX
 * (reference_ops::Softmax<int8_t, int8_t>, tensorflow/lite/kernels/internal/reference/softmax.h, gemmlowp
 * arithmetic), bit-exact with softmaxInt8 (src/reference/int8/softmax.ts); per row:
 *
 *   diff = q - max;  diff < diff_min -> -128
 *   e = exp_on_negative_values(SaturatingRoundingDoublingHighMul(diff * 2^input_left_shift,
 *                                                                input_multiplier))   (Q5.26 -> Q0.31)
 *   sum = sum of e / 2^12 (Q12.19);  recip = GetReciprocal(sum)
 *   out = clamp(RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(recip, e), 12 - clz(sum) + 23) - 128)
 *
 * Element (o, c, i) is at o*n*inner + c*inner + i (TFLM: inner = 1); each of the outer*inner rows is
 * independent. Output scale 1/256, zero point -128. `input_multiplier`, `input_left_shift`, `diff_min` come
 * from softmaxParams(s_in, beta) (TFLM's PreprocessSoftmaxScaling with 5 integer bits, diff_min =
 * -CalculateInputRadius). Works in place (in == out). Precondition (TFLM aborts otherwise): each row's sum
 * of exps is below 512 (always true for n <= 511).
 */
void tinyfit_softmax_s8(const int8_t *in, int outer, int n, int inner, int8_t *out, int32_t input_multiplier,
                        int input_left_shift, int32_t diff_min);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_SOFTMAX_S8_H */
