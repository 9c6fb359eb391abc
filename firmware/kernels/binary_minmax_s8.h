#ifndef TINYFIT_BINARY_MINMAX_S8_H
#define TINYFIT_BINARY_MINMAX_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 element-wise MAXIMUM (is_min = 0) or MINIMUM (is_min = 1), bit-exact with minMaxInt8
 * (src/reference/int8/minmax.ts):
 *
 *   u = a_copy ? a[i % na] : clamp(requant(a[i % na] - a_zp, a_mult, a_shift) + out_zp, -128, 127), v likewise
 *   out[i] = clamp(is_min ? min(u, v) : max(u, v), act_min, act_max)
 *
 * Each operand is first brought to the output's parameters: as is when its *_copy is 1, else by an int8 ->
 * int8 QUANTIZE (arguments: requantPlan(in, out, rounding) in src/reference/int8/concat.ts). requant is
 * tinyfit_requant (fixedpoint_s8.h); "+ out_zp" wraps modulo 2^32 like the reference.
 */
void tinyfit_binary_minmax_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                       int32_t a_zp, int32_t a_mult, int a_shift, int a_copy,
                       int32_t b_zp, int32_t b_mult, int b_shift, int b_copy,
                       int32_t out_zp, int is_min, int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_MINMAX_S8_H */
