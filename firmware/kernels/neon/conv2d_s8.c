/*
 * Int8 2-D convolution for aarch64 Advanced SIMD (Raspberry Pi class Cortex-A cores): the portable kernel's
 * signature and results (conv2d_s8.h). Four output channels share each widened input (neon_s8.h dot4), a window
 * row whose taps are contiguous in input and weights (dense pixels, no dilation) is one run, and the four
 * results are requantized together.
 */
#include "conv2d_s8.h"
#include "window.h"
#include "neon_s8.h"

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
    int ry, rx, oc, ky, kx, j;

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
            /* A window row is one contiguous run when its taps are adjacent pixels of a dense tensor. */
            run = (dil_w == 1 && in_stride == in_c) ? n_kx * in_c : 0;
            for (oc = 0; oc < out_c; oc += 4) {
                const int nb = out_c - oc < 4 ? out_c - oc : 4;
                const int8_t *w_oc[4];
                int32x4_t acc[4], m, s, y;
                for (j = 0; j < 4; ++j) {
                    w_oc[j] = w + (oc + (j < nb ? j : nb - 1)) * w_oc_stride + w_tap0;
                    acc[j] = vdupq_n_s32(0);
                }
                for (ky = 0; ky < n_ky; ++ky) {
                    const int8_t *in_row = in_tap0 + ky * in_row_step;
                    const int8_t *w_row[4];
                    for (j = 0; j < 4; ++j) w_row[j] = w_oc[j] + ky * w_row_step;
                    if (run) {
                        tinyfit_neon_dot4(in_row, w_row, run, zp16, acc);
                    } else {
                        for (kx = 0; kx < n_kx; ++kx) {
                            const int8_t *w_px[4];
                            for (j = 0; j < 4; ++j) w_px[j] = w_row[j] + kx * in_c;
                            tinyfit_neon_dot4(in_row + kx * in_col_step, w_px, in_c, zp16, acc);
                        }
                    }
                }
                tinyfit_neon_params(out_mult, out_shift, oc, nb, 1, &m, &s);
                y = tinyfit_neon_output(vaddq_s32(tinyfit_neon_sum4(acc), tinyfit_neon_bias(bias, oc, nb)), m, s,
                                        out_zp, act_min, act_max);
                tinyfit_neon_store(out_px + oc, tinyfit_neon_narrow8(y, y), nb);
            }
        }
    }
}
