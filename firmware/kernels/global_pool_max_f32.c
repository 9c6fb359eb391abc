#include "global_pool_max_f32.h"

void tinyfit_global_pool_max_f32(const float *in, int h, int w, int c, int in_stride, float *out)
{
    const int n = h * w;
    int p, ch;

    if (n <= 0) {
        for (ch = 0; ch < c; ++ch) out[ch] = 0.0f;
        return;
    }
    /* Seed with the first pixel, then walk pixel-major so reads stay sequential. */
    for (ch = 0; ch < c; ++ch) out[ch] = in[ch];
    for (p = 1; p < n; ++p) {
        const float *in_px = in + p * in_stride;
        for (ch = 0; ch < c; ++ch) {
            if (in_px[ch] > out[ch]) out[ch] = in_px[ch];
        }
    }
}
