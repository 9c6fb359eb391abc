#include "upsample_nearest_f32.h"
#include <string.h>

void tinyfit_upsample_nearest_f32(const float *in, int h, int w, int c,
                                  int scale_h, int scale_w, float *out)
{
    const size_t px_bytes = (size_t)c * sizeof(float);
    const int out_row = w * scale_w * c; /* floats per output row */
    int y, x, s;

    if (out_row <= 0) return;
    for (y = 0; y < h; ++y) {
        float *first = out;
        /* Build one widened row, then copy it for the remaining scale_h - 1 rows. */
        for (x = 0; x < w; ++x) {
            const float *in_px = in + (y * w + x) * c;
            for (s = 0; s < scale_w; ++s) {
                memcpy(out, in_px, px_bytes);
                out += c;
            }
        }
        for (s = 1; s < scale_h; ++s) {
            memcpy(out, first, (size_t)out_row * sizeof(float));
            out += out_row;
        }
    }
}
