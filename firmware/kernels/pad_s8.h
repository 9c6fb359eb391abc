#ifndef TINYFIT_PAD_S8_H
#define TINYFIT_PAD_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Spatial padding of an int8 HWC tensor, bit-exact with padInt8 (src/reference/int8/pad.ts):
 *
 *   out[top + y][left + x][ch] = in[y][x][ch]; every other cell of `out` is `fill`
 *
 * `fill` is the zero point (real 0). The output is [h + top + bottom][w + left + right][c], contiguous.
 */
void tinyfit_pad_s8(const int8_t *in, int h, int w, int c, int top, int left, int bottom, int right, int8_t *out, int8_t fill);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PAD_S8_H */
