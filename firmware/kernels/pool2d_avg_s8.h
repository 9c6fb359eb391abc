#ifndef TINYFIT_POOL2D_AVG_S8_H
#define TINYFIT_POOL2D_AVG_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D average pooling of an NHWC tensor without batch axis (input and output share their quantization
 * parameters), bit-exact with pool2dInt8 (src/reference/int8/pool.ts):
 *
 *   window of (oy, ox): rows oy*stride_h - pad_top + [0, pool_h), columns ox*stride_w - pad_left + [0, pool_w)
 *   sum = int32 sum of the in-bounds cells of the window, count = their number
 *   out[oy][ox][ch] = clamp(sum > 0 ? (sum + count/2)/count : (sum - count/2)/count, act_min, act_max)
 *
 * Padded cells are ignored (the division rounds halves away from zero); a window with no in-bounds cell
 * gives clamp(zp) (real 0). Views and streaming as tinyfit_pool2d_avg_f32: pixel (y, x) at
 * `in + (y*in_w + x)*in_stride` / `out + (y*out_w + x)*out_stride`; one whole output pixel at a time,
 * reading only its window, in increasing (reverse = 0) or decreasing (reverse = 1) raster order,
 * bit-identical either way.
 */
void tinyfit_pool2d_avg_s8(const int8_t *in, int in_h, int in_w, int c, int in_stride,
                           int pool_h, int pool_w, int stride_h, int stride_w, int pad_top, int pad_left,
                           int8_t *out, int out_h, int out_w, int out_stride,
                           int32_t zp, int32_t act_min, int32_t act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_POOL2D_AVG_S8_H */
