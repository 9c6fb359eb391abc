#ifndef TINYFIT_QUANTIZE_S8_H
#define TINYFIT_QUANTIZE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Float32 -> int8 as TFLite's QUANTIZE:
 *
 *   out[i] = clamp(round(in[i] / scale) + zp, -128, 127)      round: halves away from zero; NaN -> zp
 *
 * `n` elements; the quotient is one float32 division, as in TFLite.
 */
void tinyfit_quantize_s8(const float *in, int n, int8_t *out, float scale, int32_t zp);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_QUANTIZE_S8_H */
