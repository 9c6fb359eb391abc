#ifndef TINYFIT_CONCAT_SLICE_REQUANT_S8_H
#define TINYFIT_CONCAT_SLICE_REQUANT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 -> int8 requantizing copy of `rows` rows of `n` elements (row r at `in + r*in_stride` /
 * `out + r*out_stride`): out = clamp(requant(q - in_zp, mult, shift) + out_zp, -128, 127), TFLite's int8 QUANTIZE
 * (a concat input with other parameters copied into its slice). Reference: requantizeInt8 in
 * src/reference/int8/concat.ts (arguments: requantPlan), bit-exact. Works in place (in == out, equal strides).
 */
void tinyfit_concat_slice_requant_s8(const int8_t *in, int rows, int n, int in_stride, int32_t in_zp,
                           int8_t *out, int out_stride, int32_t out_zp, int32_t mult, int shift);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_REQUANT_S8_H */
