#ifndef TINYFIT_QUANTIZE_S8_H
#define TINYFIT_QUANTIZE_S8_H

#include <stdint.h>

/* float32 -> int8 as TFLite's QUANTIZE: round(x / scale) halves away from zero, + zp, clamped; NaN -> zp. */
void tinyfit_quantize_s8(const float *in, int n, int8_t *out, float scale, int32_t zp);

#endif
