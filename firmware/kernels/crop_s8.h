#ifndef TINYFIT_CROP_S8_H
#define TINYFIT_CROP_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Spatial crop of an int8 HWC tensor, as tinyfit_crop_f32, bit-exact with cropInt8
 * (src/reference/int8/movers.ts):
 *
 *   out[y][x][ch] = in[y + top][x + left][ch]      for y < out_h, x < out_w
 *
 * The output is `out_h` x `out_w` x `c`, contiguous.
 */
void tinyfit_crop_s8(const int8_t *in, int in_h, int in_w, int c, int top, int left, int8_t *out, int out_h, int out_w);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CROP_S8_H */
