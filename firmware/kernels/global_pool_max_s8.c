#include "global_pool_max_s8.h"

void tinyfit_global_pool_max_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out)
{
    const int n = h * w;
    int p, ch;
    for (ch = 0; ch < c; ++ch) out[ch] = -128;
    /* Pixel-major walk keeps reads sequential; out holds the running maxima. */
    for (p = 0; p < n; ++p) {
        const int8_t *in_px = in + p * in_stride;
        for (ch = 0; ch < c; ++ch) {
            if (in_px[ch] > out[ch]) out[ch] = in_px[ch];
        }
    }
}
