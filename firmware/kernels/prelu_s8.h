#ifndef TINYFIT_PRELU_S8_H
#define TINYFIT_PRELU_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 PRELU as TFLite's reference kernel; reference: preluInt8 in src/reference/int8/prelu.ts, bit-exact
 * (multipliers: preluParams). v = in[i] - in_zp; y = v >= 0 ? requant(v, pos) : requant(v*(alpha[i % alpha_n] -
 * alpha_zp), neg); out = clamp(y + out_zp, -128, 127).
 */
void tinyfit_prelu_s8(const int8_t *in, const int8_t *alpha, int n, int alpha_n, int8_t *out,
                      int32_t in_zp, int32_t alpha_zp, int32_t out_zp,
                      int32_t pos_mult, int pos_shift, int32_t neg_mult, int neg_shift);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PRELU_S8_H */
