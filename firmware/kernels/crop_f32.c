#include "crop_f32.h"
#include <string.h>

void tinyfit_crop_f32(const float *in, int in_h, int in_w, int c, int top, int left,
                      float *out, int out_h, int out_w)
{
    const int row = out_w * c;
    int y;

    (void)in_h; /* only bounds the valid top + out_h */
    if (row <= 0) return;
    for (y = 0; y < out_h; ++y) {
        memcpy(out + y * row, in + ((top + y) * in_w + left) * c, (size_t)row * sizeof(float));
    }
}
