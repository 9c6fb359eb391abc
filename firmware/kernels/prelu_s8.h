#ifndef TINYFIT_PRELU_S8_H
#define TINYFIT_PRELU_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 PRELU as TFLite's reference kernel, bit-exact with preluInt8 (src/reference/int8/prelu.ts):
 *
 *   v = in[i] - in_zp
 *   y = v >= 0 ? requant(v, pos_mult, pos_shift)
 *              : requant(v*(alpha[i % alpha_n] - alpha_zp), neg_mult, neg_shift)
 *   out[i] = clamp(y + out_zp, -128, 127)
 *
 * requant is tinyfit_requant (fixedpoint_s8.h); "+ out_zp" wraps modulo 2^32 like the reference.
 * Multipliers and shifts: preluParams(inQ, alphaQ, outQ, rounding).
 */
void tinyfit_prelu_s8(const int8_t *in, const int8_t *alpha, int n, int alpha_n, int8_t *out,
                      int32_t in_zp, int32_t alpha_zp, int32_t out_zp,
                      int32_t pos_mult, int pos_shift, int32_t neg_mult, int neg_shift);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PRELU_S8_H */
