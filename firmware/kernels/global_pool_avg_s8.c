#include "global_pool_avg_s8.h"

void tinyfit_global_pool_avg_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out)
{
    const int32_t count = (int32_t)h * (int32_t)w;
    int p, ch;
    if (count <= 0) return;
    for (ch = 0; ch < c; ++ch) {
        const int8_t *x = in + ch;
        int32_t sum = 0;
        for (p = 0; p < count; ++p) sum += x[p * in_stride];
        sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        out[ch] = (int8_t)(sum < -128 ? -128 : (sum > 127 ? 127 : sum));
    }
}
