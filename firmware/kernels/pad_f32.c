#include "pad_f32.h"
#include <string.h>

void tinyfit_pad_f32(const float *in, int h, int w, int c,
                     int top, int left, int bottom, int right, float *out)
{
    const int row = (left + w + right) * c; /* floats per output row */
    int y;

    /* memset to 0 gives 0.0f: IEEE-754 +0 is all-zero bits. */
    memset(out, 0, (size_t)(top * row) * sizeof(float));
    out += top * row;
    for (y = 0; y < h; ++y) {
        memset(out, 0, (size_t)(left * c) * sizeof(float));
        memcpy(out + left * c, in + y * w * c, (size_t)(w * c) * sizeof(float));
        memset(out + (left + w) * c, 0, (size_t)(right * c) * sizeof(float));
        out += row;
    }
    memset(out, 0, (size_t)(bottom * row) * sizeof(float));
}
