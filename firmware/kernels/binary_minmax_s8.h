#ifndef TINYFIT_BINARY_MINMAX_S8_H
#define TINYFIT_BINARY_MINMAX_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 elementwise MAXIMUM (is_min = 0) or MINIMUM (is_min = 1); reference: minMaxInt8 in
 * src/reference/int8/minmax.ts, bit-exact. Element i reads a[i % na] and b[i % nb]; each operand is first
 * brought to the output's parameters: as is when its *_copy is 1, else
 * clamp(requant(q - zp, mult, shift) + out_zp, -128, 127) (int8 -> int8 QUANTIZE; arguments: requantPlan);
 * then max/min, then the clamp to [act_min, act_max].
 */
void tinyfit_binary_minmax_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                       int32_t a_zp, int32_t a_mult, int a_shift, int a_copy,
                       int32_t b_zp, int32_t b_mult, int b_shift, int b_copy,
                       int32_t out_zp, int is_min, int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_MINMAX_S8_H */
