#ifndef TINYFIT_CONCAT_SLICE_REQUANT_S8_H
#define TINYFIT_CONCAT_SLICE_REQUANT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 -> int8 requantizing row copy, TFLite's int8 QUANTIZE (a concat input with other parameters copied
 * into its slice), bit-exact with requantizeInt8 (src/reference/int8/concat.ts):
 *
 *   out[r*out_stride + j] = clamp(requant(in[r*in_stride + j] - in_zp, mult, shift) + out_zp, -128, 127)
 *
 * `rows` rows of `n` elements. requant is tinyfit_requant (fixedpoint_s8.h); "+ out_zp" wraps modulo 2^32
 * like the reference. Arguments: requantPlan. Works in place (in == out, equal strides).
 */
void tinyfit_concat_slice_requant_s8(const int8_t *in, int rows, int n, int in_stride, int32_t in_zp,
                           int8_t *out, int out_stride, int32_t out_zp, int32_t mult, int shift);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_REQUANT_S8_H */
