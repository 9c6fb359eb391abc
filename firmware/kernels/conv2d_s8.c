#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_zp_s8.h"

void tinyfit_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                       const int8_t *w, const int32_t *bias, int out_c,
                       int k_h, int k_w, int stride_h, int stride_w,
                       int dil_h, int dil_w, int pad_top, int pad_left,
                       int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max, int reverse)
{
    const int w_oc_stride = k_h * k_w * in_c;
    const int w_row_step = k_w * in_c;
    const int in_row_step = dil_h * in_w * in_stride; /* input elements between kernel rows */
    const int in_col_step = dil_w * in_stride;        /* input elements between kernel columns */
    int ry, rx, oc, ky, kx;

    for (ry = 0; ry < out_h; ++ry) {
        /* reverse: decreasing raster order (write-ahead); the per-pixel work is unchanged. */
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int iy0 = oy * stride_h - pad_top;
        int ky_lo, ky_hi;
        tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int ix0 = ox * stride_w - pad_left;
            int8_t *out_px = out + (oy * out_w + ox) * out_stride;
            const int8_t *in_tap0 = in;
            int kx_lo, kx_hi, n_ky, n_kx, run, runs;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            /* Padded taps contribute 0, so only the in-bounds rectangle is visited. */
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * in_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            /* A kernel row's in-bounds taps are one contiguous run when the input's pixels are packed (the
             * usual case): one loop over n_kx * in_c elements instead of n_kx loops over in_c. */
            if (in_col_step == in_c) {
                run = n_kx * in_c;
                runs = 1;
            } else {
                run = in_c;
                runs = n_kx;
            }
            for (oc = 0; oc < out_c; ++oc) {
                const int8_t *w_oc = w + oc * w_oc_stride + w_tap0;
                /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
                uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
                int32_t y;
                for (ky = 0; ky < n_ky; ++ky) {
                    const int8_t *in_px = in_tap0 + ky * in_row_step;
                    const int8_t *w_px = w_oc + ky * w_row_step;
                    for (kx = 0; kx < runs; ++kx) {
                        acc = tinyfit_dot_zp_s8(in_px, w_px, run, in_zp, acc);
                        in_px += in_col_step;
                        w_px += in_c;
                    }
                }
                y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
                y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
            }
        }
    }
}
