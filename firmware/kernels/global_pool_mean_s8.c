#include "global_pool_mean_s8.h"
#include "fixedpoint_s8.h"

void tinyfit_global_pool_mean_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out, int32_t in_zp,
                     int32_t out_zp, int32_t mult, int shift, int same_params)
{
    const int32_t count = (int32_t)h * (int32_t)w;
    int p, ch;
    if (count <= 0) return;
    for (ch = 0; ch < c; ++ch) {
        const int8_t *x = in + ch;
        int32_t sum = 0;
        int32_t y;
        for (p = 0; p < count; ++p) sum += x[(long)p * in_stride];
        if (same_params) {
            y = sum / count;
        } else {
            /* sum - in_zp*count in 64 bits, then wrapped to int32 as TFLite's cast does. */
            const int32_t centred = (int32_t)(uint32_t)(uint64_t)((int64_t)sum - (int64_t)in_zp * count);
            const int32_t left = shift > 0 ? (int32_t)((uint32_t)centred << shift) : centred;
            y = tinyfit_rdbpot(tinyfit_srdhm(left, mult), shift > 0 ? 0 : -shift);
            y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
        }
        out[ch] = (int8_t)tinyfit_clamp_s32(y, -128, 127);
    }
}
