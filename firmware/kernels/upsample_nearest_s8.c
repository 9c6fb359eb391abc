#include "upsample_nearest_s8.h"
#include <string.h>

void tinyfit_upsample_nearest_s8(const int8_t *in, int h, int w, int c, int scale_h, int scale_w, int8_t *out)
{
    const int out_row = w * scale_w * c; /* bytes per output row */
    int y, x, s;
    if (out_row <= 0) return;
    for (y = 0; y < h; ++y) {
        int8_t *first = out;
        /* Build one widened row, then copy it for the remaining scale_h - 1 rows. */
        for (x = 0; x < w; ++x) {
            const int8_t *in_px = in + (y * w + x) * c;
            for (s = 0; s < scale_w; ++s) {
                memcpy(out, in_px, (size_t)c);
                out += c;
            }
        }
        for (s = 1; s < scale_h; ++s) {
            memcpy(out, first, (size_t)out_row);
            out += out_row;
        }
    }
}
