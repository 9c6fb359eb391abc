#ifndef TINYFIT_DEQUANTIZE_S8_H
#define TINYFIT_DEQUANTIZE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 -> float32 as TFLite's DEQUANTIZE, with one float32 rounding:
 *
 *   out[i] = scale * (in[i] - zp)
 *
 * `n` elements.
 */
void tinyfit_dequantize_s8(const int8_t *in, int n, float *out, float scale, int32_t zp);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEQUANTIZE_S8_H */
