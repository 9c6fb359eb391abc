#ifndef TINYFIT_ACTIVATION_LUT_S8_H
#define TINYFIT_ACTIVATION_LUT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 lookup table (any unary activation between two int8 parameter sets), bit-exact with lutInt8
 * (src/reference/int8/lut.ts):
 *
 *   out = table[in + 128]
 *
 * `rows` rows of `n` elements, row r at `in + r*in_stride` / `out + r*out_stride` (flat: rows = 1). `table`
 * (256 entries) is activationLut(fn, params, inQ, outQ) in src/reference/int8/lut.ts: relu, relu6,
 * relu_n1_to_1, leaky_relu and hard_swish evaluate TFLite's integer kernel per input byte
 * (src/reference/int8/tfliteUnary.ts), the others quantize(f(dequantize(q))). Works in place (in == out,
 * equal strides).
 */
void tinyfit_activation_lut_s8(const int8_t *in, int in_stride, int8_t *out, int out_stride, int rows, int n,
                    const int8_t *table);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_ACTIVATION_LUT_S8_H */
