#include "pool2d_avg_s8.h"

void tinyfit_pool2d_avg_s8(const int8_t *in, int in_h, int in_w, int c, int in_stride,
                           int pool_h, int pool_w, int stride_h, int stride_w, int pad_top, int pad_left,
                           int8_t *out, int out_h, int out_w, int out_stride,
                           int32_t zp, int32_t act_min, int32_t act_max, int reverse)
{
    const int in_row_step = in_w * in_stride;
    const int32_t empty = zp < act_min ? act_min : (zp > act_max ? act_max : zp);
    int ry, rx, iy, ix, ch;

    for (ry = 0; ry < out_h; ++ry) {
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int y0 = oy * stride_h - pad_top;
        const int y_lo = y0 < 0 ? 0 : y0;
        const int y_hi = y0 + pool_h > in_h ? in_h : y0 + pool_h;
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int x0 = ox * stride_w - pad_left;
            const int x_lo = x0 < 0 ? 0 : x0;
            const int x_hi = x0 + pool_w > in_w ? in_w : x0 + pool_w;
            int8_t *out_px = out + (oy * out_w + ox) * out_stride;
            const int32_t count = (int32_t)(y_hi - y_lo) * (int32_t)(x_hi - x_lo);
            const int8_t *in_win;

            if (y_lo >= y_hi || x_lo >= x_hi) {
                for (ch = 0; ch < c; ++ch) out_px[ch] = (int8_t)empty;
                continue;
            }
            in_win = in + (y_lo * in_w + x_lo) * in_stride;
            /* The int32 sum does not fit the int8 slot: one channel at a time, within this pixel only. */
            for (ch = 0; ch < c; ++ch) {
                int32_t sum = 0;
                for (iy = 0; iy < y_hi - y_lo; ++iy) {
                    const int8_t *in_row = in_win + iy * in_row_step + ch;
                    for (ix = 0; ix < x_hi - x_lo; ++ix) sum += in_row[ix * in_stride];
                }
                sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                out_px[ch] = (int8_t)(sum < act_min ? act_min : (sum > act_max ? act_max : sum));
            }
        }
    }
}
