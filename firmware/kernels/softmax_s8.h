#ifndef TINYFIT_SOFTMAX_S8_H
#define TINYFIT_SOFTMAX_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 softmax over the middle axis of (outer, n, inner), bit-exact with softmaxInt8
 * (src/reference/int8/softmax.ts) and TFLite Micro's int8 SOFTMAX (reference_ops::Softmax<int8_t, int8_t>,
 * gemmlowp arithmetic). Element (o, c, i) is at o*n*inner + c*inner + i; each of the outer*inner rows is
 * independent. Output scale 1/256, zero point -128. `input_multiplier`, `input_left_shift`, `diff_min` come
 * from softmaxParams (TFLM's PreprocessSoftmaxScaling / CalculateInputRadius). Works in place (in == out).
 * Precondition (TFLM aborts otherwise): each row's sum of exps is below 512 (always true for n <= 511).
 */
void tinyfit_softmax_s8(const int8_t *in, int outer, int n, int inner, int8_t *out, int32_t input_multiplier,
                        int input_left_shift, int32_t diff_min);

#ifdef __cplusplus
}
#endif

#endif
