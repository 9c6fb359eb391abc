/*
 * Int8 2-D convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (conv2d_s8.h). Each output pixel is computed for four output channels at a time: sixteen input bytes are
 * loaded once and multiplied with sixteen weight bytes of each of the four channels by VMLADAVA.S8 (sixteen
 * products summed into a 32-bit scalar, modulo 2^32 like the portable int32 sum). Tails are predicated
 * (VCTP.8: inactive lanes load 0). Where the window rows are contiguous in both the input and the weights
 * (no column dilation, pixels packed), a kernel row is one run of k_w·in_c bytes; when such rows are short (few
 * input channels, e.g. a first layer) and a whole window is inside the input, its rows are first copied into one
 * run on the stack (at most TINYFIT_MVE_COL_MAX bytes), which matches the weights' [k_h][k_w][in_c] layout.
 *
 * The input zero point is taken out of the dot product: Σ (in − zp)·w = Σ in·w − zp·Σ w (modulo 2^32). Σ w
 * over the whole window is summed once per call for each output channel (up to TINYFIT_MVE_WSUM_MAX channels,
 * on the stack); border pixels, whose clipped window sees fewer taps, and wider layers sum their weights on
 * the fly (VADDVA.S8). The four accumulators are requantized together (requant_mve_s8.h).
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "requant_mve_s8.h"
#include "window.h"

/* Largest window (k_h·k_w·in_c bytes) gathered into one run when its rows are short. */
#ifndef TINYFIT_MVE_COL_MAX
#define TINYFIT_MVE_COL_MAX 256
#endif

#ifndef TINYFIT_MVE_WSUM_MAX
#define TINYFIT_MVE_WSUM_MAX 256
#endif

/* Σ w over n bytes (modulo 2^32). */
static inline uint32_t tinyfit_mve_sum_s8(const int8_t *w, int n)
{
    int32_t s = 0;
    int i;
    for (i = 0; i < n; i += 16) s = vaddvaq_s8(s, vldrbq_z_s8(w + i, vctp8q((uint32_t)(n - i))));
    return (uint32_t)s;
}

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
    const int cached = in_zp != 0 && out_c <= TINYFIT_MVE_WSUM_MAX;
    uint32_t wsum[TINYFIT_MVE_WSUM_MAX];
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
            if (full && packed && w_oc_stride <= TINYFIT_MVE_COL_MAX && (w_oc_stride + 15) / 16 < n_ky * ((run_len + 15) / 16)) {
                /* Short rows (few input channels): the window's rows copied into one run matching the weights. */
                int ky, i;
                for (ky = 0; ky < n_ky; ++ky)
                    for (i = 0; i < run_len; i += 16) {
                        const mve_pred16_t pr = vctp8q((uint32_t)(run_len - i));
                        vstrbq_p_s8(col + ky * run_len + i, vldrbq_z_s8(in_tap0 + ky * in_row_step + i, pr), pr);
                    }
                in_tap0 = col;
                n_ky = 1;
                run_len = w_oc_stride;
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
                        s = vldrwq_z_s32((const int32_t *)(wsum + oc), vctp32q((uint32_t)n_oc));
                    }
                    acc = vmlaq_n_s32(acc, s, (int32_t)(0u - (uint32_t)in_zp)); /* − zp·Σw, modulo 2^32 */
                }
                if (bias) acc = vaddq_s32(acc, vldrwq_z_s32(bias + oc, vctp32q((uint32_t)n_oc)));
                tinyfit_mve_store4(out_px + oc, acc, out_mult, out_shift, oc, n_oc, out_zp, act_min, act_max);
            }
        }
    }
}
