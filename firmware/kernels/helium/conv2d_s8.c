/*
 * Int8 2-D convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (conv2d_s8.h). A pixel whose window lies inside the input is one row of dot products (tinyfit_mve_dot_row,
 * dot_mve_s8.h: VMLADAVA.S8, sixteen products into a 32-bit scalar, four output channels per input load): for a
 * 1x1 kernel the input pixel itself, else the window copied into one run on the stack (at most
 * TINYFIT_MVE_COL_MAX bytes) in the weights' [k_h][k_w][in_c] order. Border pixels (clipped windows) and larger
 * windows run the same products over each kernel row's contiguous runs (one run of k_w·in_c bytes when the
 * pixels are packed and the columns not dilated, else k_w runs of in_c). Tails are predicated (VCTP.8).
 *
 * The input zero point is taken out of the dot product: Σ (in − zp)·w = Σ in·w − zp·Σ w (modulo 2^32). Σ w
 * over the whole window is summed once per call for each output channel (up to TINYFIT_MVE_WSUM_MAX channels,
 * on the stack); border pixels, whose clipped window sees fewer taps, and wider layers sum their weights on
 * the fly (VADDVA.S8). The four accumulators are requantized together (requant_mve_s8.h).
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "dot_mve_s8.h"
#include "window.h"

/* Largest window (k_h·k_w·in_c bytes) gathered into one run when its rows are short. */
#ifndef TINYFIT_MVE_COL_MAX
#define TINYFIT_MVE_COL_MAX 1024
#endif

#ifndef TINYFIT_MVE_WSUM_MAX
#define TINYFIT_MVE_WSUM_MAX 256
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
    const int packed = in_col_step == in_c; /* a kernel row's taps are contiguous in the input */
    const int pointwise = k_h == 1 && k_w == 1;
    const int cached = in_zp != 0 && out_c <= TINYFIT_MVE_WSUM_MAX;
    int32_t wsum[TINYFIT_MVE_WSUM_MAX];
    int8_t col[TINYFIT_MVE_COL_MAX];
    int ry, rx, oc;

    if (cached)
        for (oc = 0; oc < out_c; ++oc) wsum[oc] = tinyfit_mve_sum_s8(w + oc * w_oc_stride, w_oc_stride);

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
            int kx_lo, kx_hi, n_ky, n_kx, n_run, run_len, in_run_step, w_run_step, full, sums;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * in_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            /* Runs of contiguous bytes per kernel row: one of n_kx·in_c, or n_kx of in_c. */
            n_run = packed ? 1 : n_kx;
            run_len = packed ? n_kx * in_c : in_c;
            in_run_step = packed ? 0 : in_col_step;
            w_run_step = in_c;
            full = n_ky == k_h && n_kx == k_w;
            sums = in_zp != 0 && !(full && cached);
            if (full && (pointwise || w_oc_stride <= TINYFIT_MVE_COL_MAX)) {
                /* A whole window: one run of k_h·k_w·in_c bytes against each channel's weights, the input
                 * pixel itself for 1x1, else the window copied into `col` in the weights' [k_h][k_w][in_c] order. */
                const int8_t *x = in_tap0;
                if (!pointwise) {
                    int ky, kx, i;
                    for (ky = 0; ky < k_h; ++ky)
                        for (kx = 0; kx < n_run; ++kx)
                            for (i = 0; i < run_len; i += 16) {
                                const mve_pred16_t pr = vctp8q((uint32_t)(run_len - i));
                                vstrbq_p_s8(col + ky * w_row_step + kx * run_len + i, vldrbq_z_s8(in_tap0 + ky * in_row_step + kx * in_run_step + i, pr), pr);
                            }
                    x = col;
                }
                tinyfit_mve_dot_row(x, w_oc_stride, w, out_c, bias, cached ? wsum : (const int32_t *)0, in_zp, out_px, out_mult, out_shift, 1,
                                    out_zp, act_min, act_max);
                continue;
            }
            for (oc = 0; oc < out_c; oc += 4) {
                const int n_oc = out_c - oc < 4 ? out_c - oc : 4;
                /* Channels past the end reuse the last one's weights; their lanes are not stored. */
                const int8_t *w0 = w + oc * w_oc_stride + w_tap0;
                const int8_t *w1 = w0 + (n_oc > 1 ? w_oc_stride : 0);
                const int8_t *w2 = w0 + (n_oc > 2 ? 2 * w_oc_stride : 0);
                const int8_t *w3 = w0 + (n_oc > 3 ? 3 * w_oc_stride : 0);
                int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int ky, r, i;
                int32x4_t acc;
                for (ky = 0; ky < n_ky; ++ky) {
                    const int8_t *in_row = in_tap0 + ky * in_row_step;
                    const int wo_row = ky * w_row_step;
                    for (r = 0; r < n_run; ++r) {
                        const int8_t *x = in_row + r * in_run_step;
                        const int wo = wo_row + r * w_run_step;
                        for (i = 0; i < run_len; i += 16) {
                            const mve_pred16_t p = vctp8q((uint32_t)(run_len - i));
                            const int8x16_t xv = vldrbq_z_s8(x + i, p);
                            const int8x16_t v0 = vldrbq_z_s8(w0 + wo + i, p);
                            const int8x16_t v1 = vldrbq_z_s8(w1 + wo + i, p);
                            const int8x16_t v2 = vldrbq_z_s8(w2 + wo + i, p);
                            const int8x16_t v3 = vldrbq_z_s8(w3 + wo + i, p);
                            a0 = vmladavaq_s8(a0, xv, v0);
                            a1 = vmladavaq_s8(a1, xv, v1);
                            a2 = vmladavaq_s8(a2, xv, v2);
                            a3 = vmladavaq_s8(a3, xv, v3);
                            if (sums) {
                                s0 = vaddvaq_s8(s0, v0);
                                s1 = vaddvaq_s8(s1, v1);
                                s2 = vaddvaq_s8(s2, v2);
                                s3 = vaddvaq_s8(s3, v3);
                            }
                        }
                    }
                }
                acc = vdupq_n_s32(a0);
                acc = vsetq_lane_s32(a1, acc, 1);
                acc = vsetq_lane_s32(a2, acc, 2);
                acc = vsetq_lane_s32(a3, acc, 3);
                if (in_zp != 0) {
                    int32x4_t s;
                    if (sums) {
                        s = vdupq_n_s32(s0);
                        s = vsetq_lane_s32(s1, s, 1);
                        s = vsetq_lane_s32(s2, s, 2);
                        s = vsetq_lane_s32(s3, s, 3);
                    } else {
                        s = vldrwq_z_s32(wsum + oc, vctp32q((uint32_t)n_oc));
                    }
                    acc = vmlaq_n_s32(acc, s, (int32_t)(0u - (uint32_t)in_zp)); /* − zp·Σw, modulo 2^32 */
                }
                if (bias) acc = vaddq_s32(acc, vldrwq_z_s32(bias + oc, vctp32q((uint32_t)n_oc)));
                tinyfit_mve_store4(out_px + oc, acc, out_mult, out_shift, oc, n_oc, out_zp, act_min, act_max);
            }
        }
    }
}
