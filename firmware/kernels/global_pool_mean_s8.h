#ifndef TINYFIT_GLOBAL_POOL_MEAN_S8_H
#define TINYFIT_GLOBAL_POOL_MEAN_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 TFLite MEAN over the h*w pixels of an HWC tensor (global_pool with `mean`, own output parameters),
 * with TFLite Micro's reference arithmetic, bit-exact with meanInt8 (src/reference/int8/pool.ts):
 *
 *   sum = int32 sum of the raw bytes of channel ch over the pixels
 *   out[ch] = same_params ? sum / (h*w), truncated
 *           : clamp(MultiplyByQuantizedMultiplier(sum - in_zp*h*w, mult, shift) + out_zp, -128, 127)
 *
 * Input pixel p at `in + p*in_stride`; `out` is [c], contiguous. `same_params`: input and output
 * quantization are equal. `mult` / `shift` already include 1/(h*w): meanParams(inQ, outQ, h*w) in
 * src/reference/int8/pool.ts. Always TFLite's default double rounding (the rounding-mode macros do not
 * apply). h*w >= 1.
 */
void tinyfit_global_pool_mean_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out, int32_t in_zp,
                     int32_t out_zp, int32_t mult, int shift, int same_params);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_MEAN_S8_H */
