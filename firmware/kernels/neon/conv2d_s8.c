/*
 * Int8 2-D convolution for aarch64 Advanced SIMD (Raspberry Pi class Cortex-A cores): the portable kernel's
 * signature and results (conv2d_s8.h). Two paths:
 * - few input channels (in_c < 8, e.g. a first layer on an image or a spectrogram): the weights are transposed
 *   once into a stack buffer of int16 [tap][out channel] (at most TINYFIT_NEON_CONV_WT entries), so that each
 *   tap's (in - zp) multiplies 16 output channels at once (SMLAL by element);
 * - otherwise four output channels share each widened input (neon_s8.h dot4), and a window row whose taps are
 *   contiguous in input and weights (dense pixels, no dilation) is one run.
 */
#include "conv2d_s8.h"
#include "window.h"
#include "neon_s8.h"

#ifndef TINYFIT_NEON_CONV_WT
#define TINYFIT_NEON_CONV_WT 8192
#endif

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
    const int16x8_t zp16 = vdupq_n_s16((int16_t)in_zp);
    const int oc16 = (out_c + 15) & ~15;
    const int small = in_c < 8 && w_oc_stride * oc16 <= TINYFIT_NEON_CONV_WT;
    int16_t wt[TINYFIT_NEON_CONV_WT];
    int ry, rx, oc, ky, kx, ic, t;

    if (small) {
        for (t = 0; t < w_oc_stride; ++t)
            for (oc = 0; oc < oc16; ++oc) wt[t * oc16 + oc] = oc < out_c ? w[oc * w_oc_stride + t] : 0;
    }
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
            int kx_lo, kx_hi, n_ky, n_kx, run;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * in_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            if (small) {
                for (oc = 0; oc < out_c; oc += 16) {
                    const int nb = out_c - oc < 16 ? out_c - oc : 16;
                    int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *in_row = in_tap0 + ky * in_row_step;
                        const int16_t *wt_row = wt + (w_tap0 + ky * w_row_step) * oc16 + oc;
                        for (kx = 0; kx < n_kx; ++kx) {
                            for (ic = 0; ic < in_c; ++ic) {
                                const int16_t d = (int16_t)((int32_t)in_row[kx * in_col_step + ic] - in_zp);
                                const int16_t *wp = wt_row + (kx * in_c + ic) * oc16;
                                const int16x8_t v0 = vld1q_s16(wp), v1 = vld1q_s16(wp + 8);
                                a0 = vmlal_n_s16(a0, vget_low_s16(v0), d);
                                a1 = vmlal_high_n_s16(a1, v0, d);
                                a2 = vmlal_n_s16(a2, vget_low_s16(v1), d);
                                a3 = vmlal_high_n_s16(a3, v1, d);
                            }
                        }
                    }
                    tinyfit_neon_store_n(out_px + oc, a0, a1, nb < 8 ? nb : 8, bias, out_mult, out_shift, oc, out_zp,
                                         act_min, act_max);
                    if (nb > 8)
                        tinyfit_neon_store_n(out_px + oc + 8, a2, a3, nb - 8, bias, out_mult, out_shift, oc + 8, out_zp,
                                             act_min, act_max);
                }
                continue;
            }
            /* A window row is one contiguous run when its taps are adjacent pixels of a dense tensor. */
            run = (dil_w == 1 && in_stride == in_c) ? n_kx * in_c : 0;
            for (oc = 0; oc < out_c;) {
                /* Four rows at once; the last out_c % 4 channels one at a time (the row repeated). */
                const int nb = out_c - oc >= 4 ? 4 : 1;
                const int w_step = nb == 4 ? w_oc_stride : 0;
                const int8_t *w_oc = w + oc * w_oc_stride + w_tap0;
                int32x4_t acc[4], m, s, y;
                acc[0] = acc[1] = acc[2] = acc[3] = vdupq_n_s32(0);
                for (ky = 0; ky < n_ky; ++ky) {
                    const int8_t *in_row = in_tap0 + ky * in_row_step;
                    const int8_t *w_row = w_oc + ky * w_row_step;
                    if (run) {
                        tinyfit_neon_dot4(in_row, w_row, w_step, run, zp16, acc);
                    } else {
                        for (kx = 0; kx < n_kx; ++kx)
                            tinyfit_neon_dot4(in_row + kx * in_col_step, w_row + kx * in_c, w_step, in_c, zp16, acc);
                    }
                }
                tinyfit_neon_params(out_mult, out_shift, oc, nb, 1, &m, &s);
                y = tinyfit_neon_output(vaddq_s32(tinyfit_neon_sum4(acc), tinyfit_neon_bias(bias, oc, nb)), m, s,
                                        out_zp, act_min, act_max);
                tinyfit_neon_store(out_px + oc, tinyfit_neon_narrow8(y, y), nb);
                oc += nb;
            }
        }
    }
}
