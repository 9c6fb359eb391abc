#include "global_pool_avg_f32.h"

void tinyfit_global_pool_avg_f32(const float *in, int h, int w, int c, int in_stride, float *out)
{
    const int n = h * w;
    int p, ch;

    /* Pixel-major walk keeps reads sequential; out holds the per-channel sums. */
    for (ch = 0; ch < c; ++ch) out[ch] = 0.0f;
    if (n <= 0) return;
    for (p = 0; p < n; ++p) {
        const float *in_px = in + p * in_stride;
        for (ch = 0; ch < c; ++ch) out[ch] += in_px[ch];
    }
    for (ch = 0; ch < c; ++ch) out[ch] /= (float)n;
}
