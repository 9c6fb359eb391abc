#ifndef TINYFIT_BINARY_ADD_S8_H
#define TINYFIT_BINARY_ADD_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 element-wise ADD (is_sub = 0) or SUB (is_sub = 1) with TFLite's integer arithmetic, bit-exact with
 * addInt8 (src/reference/int8/add.ts):
 *
 *   u_a = requant((a[i % na] - a_zp) << 20, a_mult, a_shift), u_b likewise, raw = u_a +/- u_b
 *   out[i] = clamp(requant(raw, out_mult, out_shift) + out_zp, act_min, act_max)
 *
 * Element i reads a[i % na] and b[i % nb] (trailing-block broadcasting). requant is tinyfit_requant
 * (fixedpoint_s8.h, the build's rounding mode); "+ out_zp" wraps modulo 2^32 like the reference.
 * Multipliers and shifts: addSubMultipliers(fn, in1, in2, out, rounding).
 */
void tinyfit_binary_add_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t a_mult, int a_shift, int32_t b_zp, int32_t b_mult, int b_shift,
                    int32_t out_zp, int32_t out_mult, int out_shift, int is_sub, int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_ADD_S8_H */
