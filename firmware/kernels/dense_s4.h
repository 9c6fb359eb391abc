#ifndef TINYFIT_DENSE_S4_H
#define TINYFIT_DENSE_S4_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8-activation fully connected layer on int4 weights (src/ir/storage/int4.ts), bit-exact with
 * dense_s8 on the sign-extended weights:
 *
 *   w[o][i] = nibble j = o * in_n + i of `packed`: low nibble of byte j/2 when j is even, high nibble when odd,
 *   as a signed 4-bit value in [-8, 7] (CMSIS-NN's s4 packing; rows need not start on a byte).
 *
 * Other arguments and the arithmetic as dense_s8, except
 * bias: int32_t[out_n], or int16_t[out_n] when bias16 is nonzero (bias_s8.h), or NULL.
 */
void tinyfit_dense_s4(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const uint8_t *packed, const void *bias /* [out_n] int32 (int16 when bias16), or NULL */, int bias16,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_S4_H */
