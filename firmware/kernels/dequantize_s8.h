#ifndef TINYFIT_DEQUANTIZE_S8_H
#define TINYFIT_DEQUANTIZE_S8_H

#include <stdint.h>

/* int8 -> float32 as TFLite's DEQUANTIZE: scale * (q - zp), one float32 rounding. */
void tinyfit_dequantize_s8(const int8_t *in, int n, float *out, float scale, int32_t zp);

#endif
