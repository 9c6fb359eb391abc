#include "pad_s8.h"
#include <string.h>

void tinyfit_pad_s8(const int8_t *in, int h, int w, int c, int top, int left, int bottom, int right, int8_t *out, int8_t fill)
{
    const int row = (left + w + right) * c; /* bytes per output row */
    int y;
    memset(out, (unsigned char)fill, (size_t)(top * row));
    out += top * row;
    for (y = 0; y < h; ++y) {
        memset(out, (unsigned char)fill, (size_t)(left * c));
        memcpy(out + left * c, in + y * w * c, (size_t)(w * c));
        memset(out + (left + w) * c, (unsigned char)fill, (size_t)(right * c));
        out += row;
    }
    memset(out, (unsigned char)fill, (size_t)(bottom * row));
}
