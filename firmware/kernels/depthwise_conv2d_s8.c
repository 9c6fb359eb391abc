#include "depthwise_conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"

void tinyfit_depthwise_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                 const int8_t *w, const int32_t *bias, int depth_mult,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int dil_h, int dil_w, int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max, int reverse)
{
    const int out_c = in_c * depth_mult;
    const int w_row_step = k_w * out_c;
    const int in_row_step = dil_h * in_w * in_stride; /* input elements between kernel rows */
    const int in_col_step = dil_w * in_stride;        /* input elements between kernel columns */
    int ry, rx, ic, m, ky, kx;

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
            int kx_lo, kx_hi, n_ky, n_kx;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            /* Padded taps contribute 0, so only the in-bounds rectangle is visited. */
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * out_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            for (ic = 0; ic < in_c; ++ic) {
                const int8_t *in_ic = in_tap0 + ic;
                for (m = 0; m < depth_mult; ++m) {
                    const int oc = ic * depth_mult + m;
                    const int8_t *w_oc = w + w_tap0 + oc;
                    /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
                    uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
                    int32_t y;
                    for (ky = 0; ky < n_ky; ++ky) {
                        /* Pointer bumps, no index products: the taps of one kernel row. */
                        const int8_t *x = in_ic + ky * in_row_step;
                        const int8_t *wk = w_oc + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            acc += (uint32_t)(((int32_t)*x - in_zp) * (int32_t)*wk);
                            x += in_col_step;
                            wk += out_c;
                        }
                    }
                    y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
                    y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                    out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
                }
            }
        }
    }
}
