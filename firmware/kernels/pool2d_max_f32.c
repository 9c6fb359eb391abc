#include "pool2d_max_f32.h"

void tinyfit_pool2d_max_f32(const float *in, int in_h, int in_w, int c, int in_stride,
                            int pool_h, int pool_w, int stride_h, int stride_w,
                            int pad_top, int pad_left,
                            float *out, int out_h, int out_w, int out_stride, int reverse)
{
    const int in_row_step = in_w * in_stride;
    int ry, rx, iy, ix, ch;

    for (ry = 0; ry < out_h; ++ry) {
        /* reverse: decreasing raster order (write-ahead); the per-pixel work is unchanged. */
        const int oy = reverse ? out_h - 1 - ry : ry;
        /* Clip the window rows to the input: padded cells are ignored. */
        const int y0 = oy * stride_h - pad_top;
        const int y_lo = y0 < 0 ? 0 : y0;
        const int y_hi = y0 + pool_h > in_h ? in_h : y0 + pool_h;
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int x0 = ox * stride_w - pad_left;
            const int x_lo = x0 < 0 ? 0 : x0;
            const int x_hi = x0 + pool_w > in_w ? in_w : x0 + pool_w;
            float *out_px = out + (oy * out_w + ox) * out_stride;
            const float *in_win;

            if (y_lo >= y_hi || x_lo >= x_hi) {
                for (ch = 0; ch < c; ++ch) out_px[ch] = 0.0f;
                continue;
            }
            /* Seed from a real cell (not -FLT_MAX) so an all -inf window stays -inf. */
            in_win = in + (y_lo * in_w + x_lo) * in_stride;
            for (ch = 0; ch < c; ++ch) out_px[ch] = in_win[ch];
            for (iy = 0; iy < y_hi - y_lo; ++iy) {
                const float *in_row = in_win + iy * in_row_step;
                for (ix = 0; ix < x_hi - x_lo; ++ix) {
                    const float *in_px = in_row + ix * in_stride;
                    for (ch = 0; ch < c; ++ch) {
                        if (in_px[ch] > out_px[ch]) out_px[ch] = in_px[ch];
                    }
                }
            }
        }
    }
}
