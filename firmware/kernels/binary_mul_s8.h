#ifndef TINYFIT_BINARY_MUL_S8_H
#define TINYFIT_BINARY_MUL_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 element-wise MUL with TFLite's integer arithmetic, bit-exact with mulInt8
 * (src/reference/int8/mul.ts):
 *
 *   out[i] = clamp(requant((a[i % na] - a_zp)*(b[i % nb] - b_zp), out_mult, out_shift) + out_zp,
 *                  act_min, act_max)
 *
 * Element i reads a[i % na] and b[i % nb]. requant is tinyfit_requant (fixedpoint_s8.h); "+ out_zp" wraps
 * modulo 2^32 like the reference. Multiplier and shift: mulMultiplier(s1, s2, sOut, rounding).
 */
void tinyfit_binary_mul_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t b_zp, int32_t out_zp, int32_t out_mult, int out_shift,
                    int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_MUL_S8_H */
