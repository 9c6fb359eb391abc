#ifndef TINYFIT_PAD_S8_H
#define TINYFIT_PAD_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Spatial padding of an int8 HWC tensor: the new cells hold `fill` (the zero point, real 0), the others are
 * copied. Output `[h + top + bottom][w + left + right][c]`, contiguous. Reference: padInt8.
 */
void tinyfit_pad_s8(const int8_t *in, int h, int w, int c, int top, int left, int bottom, int right, int8_t *out, int8_t fill);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PAD_S8_H */
