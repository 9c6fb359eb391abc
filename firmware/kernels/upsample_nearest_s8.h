#ifndef TINYFIT_UPSAMPLE_NEAREST_S8_H
#define TINYFIT_UPSAMPLE_NEAREST_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Nearest-neighbour upsampling of an int8 HWC tensor by integer factors, as tinyfit_upsample_nearest_f32,
 * bit-exact with upsampleInt8 (src/reference/int8/movers.ts):
 *
 *   out[y][x][ch] = in[y / scale_h][x / scale_w][ch]
 *
 * The output is [h*scale_h][w*scale_w][c], contiguous.
 */
void tinyfit_upsample_nearest_s8(const int8_t *in, int h, int w, int c, int scale_h, int scale_w, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_UPSAMPLE_NEAREST_S8_H */
