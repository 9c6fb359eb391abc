/*
 * Int8 depthwise 2-D convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (depthwise_conv2d_s8.h). With depth multiplier 1 (every MLPerf Tiny model) each output pixel is computed four
 * channels at a time in int32 lanes by tinyfit_dw_mve_pixel (depthwise_mve_s8.h), a whole 3x3 window unrolled;
 * Σ w of the whole window, which takes the input zero point out, is summed once per call for each channel (up to
 * TINYFIT_MVE_WSUM_MAX channels, on the stack). Other depth multipliers take the portable loop.
 */
#include "depthwise_conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "depthwise_mve_s8.h"
#include "window.h"

#ifndef TINYFIT_MVE_WSUM_MAX
#define TINYFIT_MVE_WSUM_MAX 256
#endif

/* The portable loop (depthwise_conv2d_s8.c) for one output pixel, any depth multiplier. */
static void tinyfit_dw_pixel_scalar(const int8_t *in_tap0, int in_c, int32_t in_zp, const int8_t *w, int w_tap0, const int32_t *bias,
                                    int depth_mult, int n_ky, int n_kx, int in_row_step, int in_col_step, int w_row_step,
                                    int8_t *out_px, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                                    int32_t act_min, int32_t act_max)
{
    const int out_c = in_c * depth_mult;
    int ic, m, ky, kx;
    for (ic = 0; ic < in_c; ++ic) {
        for (m = 0; m < depth_mult; ++m) {
            const int oc = ic * depth_mult + m;
            const int8_t *w_oc = w + w_tap0 + oc;
            uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
            int32_t y;
            for (ky = 0; ky < n_ky; ++ky) {
                const int8_t *in_row = in_tap0 + ic + ky * in_row_step;
                const int8_t *w_row = w_oc + ky * w_row_step;
                for (kx = 0; kx < n_kx; ++kx) {
                    acc += (uint32_t)(((int32_t)in_row[kx * in_col_step] - in_zp) * (int32_t)w_row[kx * out_c]);
                }
            }
            y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
            y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
            out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        }
    }
}

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
    const int in_row_step = dil_h * in_w * in_stride;
    const int in_col_step = dil_w * in_stride;
    const int vec = depth_mult == 1;
    const int cached = vec && in_zp != 0 && out_c <= TINYFIT_MVE_WSUM_MAX;
    const int three = k_h == 3 && k_w == 3;
    int32_t wsum[TINYFIT_MVE_WSUM_MAX];
    int ry, rx;

    if (cached) tinyfit_dw_mve_wsum(w, out_c, k_h * k_w, wsum);

    for (ry = 0; ry < out_h; ++ry) {
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int iy0 = oy * stride_h - pad_top;
        int ky_lo, ky_hi;
        tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int ix0 = ox * stride_w - pad_left;
            int8_t *out_px = out + (oy * out_w + ox) * out_stride;
            const int8_t *in_tap0 = in;
            int kx_lo, kx_hi, n_ky, n_kx, full;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * out_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            if (!vec) {
                tinyfit_dw_pixel_scalar(in_tap0, in_c, in_zp, w, w_tap0, bias, depth_mult, n_ky, n_kx, in_row_step, in_col_step, w_row_step,
                                        out_px, out_zp, out_mult, out_shift, act_min, act_max);
                continue;
            }
            full = n_ky == k_h && n_kx == k_w;
            tinyfit_dw_mve_pixel(in_tap0, w + w_tap0, 0, out_c, n_ky, n_kx, full && three, in_row_step, in_col_step, w_row_step, out_c, bias,
                                 full && cached ? wsum : (const int32_t *)0, in_zp, out_px, out_zp, out_mult, out_shift, act_min, act_max);
        }
    }
}
