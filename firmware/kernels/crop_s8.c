#include "crop_s8.h"
#include <string.h>

void tinyfit_crop_s8(const int8_t *in, int in_h, int in_w, int c, int top, int left, int8_t *out, int out_h, int out_w)
{
    int y;
    (void)in_h;
    if (out_w <= 0 || c <= 0) return;
    for (y = 0; y < out_h; ++y) {
        memcpy(out + y * out_w * c, in + ((y + top) * in_w + left) * c, (size_t)(out_w * c));
    }
}
