#ifndef TINYFIT_GLOBAL_POOL_MEAN_S8_H
#define TINYFIT_GLOBAL_POOL_MEAN_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * TFLite MEAN over the h*w pixels of an int8 HWC tensor to `out[c]` (contiguous); input pixel p at
 * `in + p*in_stride`. Per channel, sum = int32 sum of the raw bytes; with `same_params` (input and output
 * quantization equal) out = sum / (h*w) truncated; otherwise
 * out = clamp(MultiplyByQuantizedMultiplier(sum - in_zp*h*w, mult, shift) + out_zp, -128, 127), always with
 * TFLite's default double rounding (the rounding-mode macros do not apply). `mult` / `shift` already include
 * 1/(h*w): meanParams in src/reference/int8/pool.ts (reference: meanInt8, bit-exact). h*w >= 1.
 */
void tinyfit_global_pool_mean_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out, int32_t in_zp,
                     int32_t out_zp, int32_t mult, int shift, int same_params);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_MEAN_S8_H */
