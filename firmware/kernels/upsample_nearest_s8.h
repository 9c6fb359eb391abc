#ifndef TINYFIT_UPSAMPLE_NEAREST_S8_H
#define TINYFIT_UPSAMPLE_NEAREST_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Nearest-neighbour upsampling of an int8 HWC tensor by integer factors:
 * out[y][x][ch] = in[y / scale_h][x / scale_w][ch], output `[h*scale_h][w*scale_w][c]`. Reference: upsampleInt8.
 */
void tinyfit_upsample_nearest_s8(const int8_t *in, int h, int w, int c, int scale_h, int scale_w, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_UPSAMPLE_NEAREST_S8_H */
