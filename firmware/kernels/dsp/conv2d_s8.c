/*
 * Int8 2-D convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable kernel's
 * signature and results (conv2d_s8.h), with the channel loop in SIMD (dot_s8.h): two output channels share each
 * widened input, and a window row whose taps are contiguous in input and weights (dense pixels, no dilation) is
 * one run.
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_s8.h"

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
    const int in_row_step = dil_h * in_w * in_stride;
    const int in_col_step = dil_w * in_stride;
    int ry, rx, oc, ky, kx;

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
            int kx_lo, kx_hi, n_ky, n_kx;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * in_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            /* A window whose taps are contiguous in both tensors (full rows of a dense input) is one run. */
            {
                const int run = (in_col_step == in_c) ? n_kx * in_c : in_c;
                const int runs_per_row = (in_col_step == in_c) ? 1 : n_kx;
                for (oc = 0; oc + 2 <= out_c; oc += 2) {
                    const int8_t *w0 = w + oc * w_oc_stride + w_tap0;
                    const int8_t *w1 = w0 + w_oc_stride;
                    uint32_t acc0 = bias ? (uint32_t)bias[oc] : 0u;
                    uint32_t acc1 = bias ? (uint32_t)bias[oc + 1] : 0u;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *in_row = in_tap0 + ky * in_row_step;
                        const int w_row = ky * w_row_step;
                        for (kx = 0; kx < runs_per_row; ++kx) {
                            tinyfit_dsp_dot2(in_row + kx * in_col_step, w0 + w_row + kx * in_c, w1 + w_row + kx * in_c, run, in_zp, &acc0, &acc1);
                        }
                    }
                    out_px[oc] = TINYFIT_DSP_OUT(acc0, out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                    out_px[oc + 1] = TINYFIT_DSP_OUT(acc1, out_mult[oc + 1], out_shift[oc + 1], out_zp, act_min, act_max);
                }
                for (; oc < out_c; ++oc) {
                    const int8_t *w0 = w + oc * w_oc_stride + w_tap0;
                    uint32_t acc0 = bias ? (uint32_t)bias[oc] : 0u;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *in_row = in_tap0 + ky * in_row_step;
                        const int w_row = ky * w_row_step;
                        for (kx = 0; kx < runs_per_row; ++kx) {
                            acc0 = tinyfit_dsp_dot1(in_row + kx * in_col_step, w0 + w_row + kx * in_c, run, in_zp, acc0);
                        }
                    }
                    out_px[oc] = TINYFIT_DSP_OUT(acc0, out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                }
            }
        }
    }
}
