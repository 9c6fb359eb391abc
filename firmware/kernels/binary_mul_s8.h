#ifndef TINYFIT_BINARY_MUL_S8_H
#define TINYFIT_BINARY_MUL_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 elementwise MUL with TFLite's integer arithmetic; reference: mulInt8 in src/reference/int8/mul.ts,
 * bit-exact (multiplier: mulMultiplier). Element i reads a[i % na] and b[i % nb]:
 * out = clamp(requant((a - a_zp)*(b - b_zp), out_mult, out_shift) + out_zp, act_min, act_max).
 */
void tinyfit_binary_mul_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t b_zp, int32_t out_zp, int32_t out_mult, int out_shift,
                    int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_MUL_S8_H */
