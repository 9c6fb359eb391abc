#ifndef TINYFIT_CROP_S8_H
#define TINYFIT_CROP_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Spatial crop of an int8 HWC tensor: out[y][x][ch] = in[y + top][x + left][ch] for an `out_h` x `out_w`
 * output (contiguous). Reference: cropInt8 in src/reference/int8/movers.ts.
 */
void tinyfit_crop_s8(const int8_t *in, int in_h, int in_w, int c, int top, int left, int8_t *out, int out_h, int out_w);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CROP_S8_H */
