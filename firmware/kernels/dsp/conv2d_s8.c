/*
 * Int8 2-D convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable kernel's
 * signature and results (conv2d_s8.h).
 *
 * Main path (CMSIS-NN's scheme, sized by code generation): output pixels go in pairs; each pair's windows are
 * widened once to int16 with the input zero point taken off (im2col_s8.h), then every pair of output channels
 * is a 2x2 tile — two pixels by two channels — whose inner step loads four weights of each channel, widens them
 * with SXTB16 and feeds eight SMLADs (16 MACs): each widened weight serves two pixels, each widened input two
 * channels. Requantization takes the five-instruction exact form when the layer's weights and biases bound
 * every accumulation (requant_fast_s8.h). The window buffer lives on the stack; code generation defines
 * TINYFIT_IM2COL_MAX_K, the largest window (k_h·k_w·in_c) of the model's convolutions, so the stack holds
 * exactly what the model needs (the static stack bound counts it). Larger windows, or none defined, take the
 * direct path below (two channels per widened input, dot_s8.h).
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_s8.h"
#include "im2col_s8.h"
#include "requant_fast_s8.h"
#include "gemm_2x2_s8.h"

#ifndef TINYFIT_IM2COL_MAX_K
#define TINYFIT_IM2COL_MAX_K 0
#endif

/* Direct path: windows read in place, two output channels per widened input (dot_s8.h). */
static void conv_direct(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
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

#if TINYFIT_IM2COL_MAX_K > 0

/* Output channels per block: the sums of a block wait on the stack (2 x 32 words) for their requantization. */
#define CONV_BLOCK 32

/* Index in a block's sums of channel j's sum for pixel px (gemm_2x2_s8.h's layout: pairs of channels, pixel 0 first). */
#define CONV_SUM(j, px) ((((j) >> 1) << 2) + ((px) << 1) + ((j) & 1))

/*
 * The fast requantization of a block clamped to the whole int8 range: channel pairs walk the sums in their layout,
 * each channel's constants serving both pixels (`pair` is a constant where it is inlined: two loops).
 */
static inline void conv_requant_full(const int32_t *sums, int nb, int pair, int8_t *o0, int8_t *o1, int32_t out_zp,
                                     const int32_t *mult, const int8_t *shift)
{
    int j;
    for (j = 0; j + 2 <= nb; j += 2, sums += 4) {
        const int32_t e0 = -shift[j], e1 = -shift[j + 1];
        const int32_t m0 = mult[j], m1 = mult[j + 1];
        const int32_t hz0 = tinyfit_requant_hz(e0, out_zp), hz1 = tinyfit_requant_hz(e1, out_zp);
        o0[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[0], m0, e0, hz0), 8);
        o0[j + 1] = (int8_t)__ssat(tinyfit_requant_fast(sums[1], m1, e1, hz1), 8);
        if (pair) {
            o1[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[2], m0, e0, hz0), 8);
            o1[j + 1] = (int8_t)__ssat(tinyfit_requant_fast(sums[3], m1, e1, hz1), 8);
        }
    }
    if (j < nb) {
        const int32_t e0 = -shift[j], m0 = mult[j], hz0 = tinyfit_requant_hz(e0, out_zp);
        o0[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[0], m0, e0, hz0), 8);
        if (pair) o1[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[2], m0, e0, hz0), 8);
    }
}

/*
 * Requantized outputs of a block of nb channels from their sums (CONV_SUM layout) to o0 (pixel 0) and o1 (pixel 1,
 * when `pair`): a function of its own (not inlined) so that the layer's constants stay in registers, the clamp a
 * single SSAT when the activation range is the whole int8 range.
 */
static __attribute__((noinline)) void conv_requant_block(const int32_t *sums, int nb, int pair, int8_t *o0, int8_t *o1,
                                                         int32_t out_zp, const int32_t *mult, const int8_t *shift,
                                                         int32_t act_min, int32_t act_max, int fast)
{
    int j;
    if (fast && act_min == -128 && act_max == 127) {
        if (pair) {
            conv_requant_full(sums, nb, 1, o0, o1, out_zp, mult, shift);
        } else {
            conv_requant_full(sums, nb, 0, o0, o1, out_zp, mult, shift);
        }
    } else if (fast) {
        for (j = 0; j < nb; ++j) {
            const int32_t m = mult[j];
            const int32_t e = -shift[j];
            const int32_t hz = tinyfit_requant_hz(e, out_zp);
            o0[j] = tinyfit_clamp_s8(tinyfit_requant_fast(sums[CONV_SUM(j, 0)], m, e, hz), act_min, act_max);
            if (pair) o1[j] = tinyfit_clamp_s8(tinyfit_requant_fast(sums[CONV_SUM(j, 1)], m, e, hz), act_min, act_max);
        }
    } else {
        for (j = 0; j < nb; ++j) {
            o0[j] = TINYFIT_DSP_OUT((uint32_t)sums[CONV_SUM(j, 0)], mult[j], shift[j], out_zp, act_min, act_max);
            if (pair) o1[j] = TINYFIT_DSP_OUT((uint32_t)sums[CONV_SUM(j, 1)], mult[j], shift[j], out_zp, act_min, act_max);
        }
    }
}

/* Sums of channels [j0, nb) of a block (weights from row w, biases or none) in C: window tails, no bias, odd channel. */
static void conv_sums_c(const uint32_t *col, int n, const int8_t *w, const int32_t *bias, int j0, int nb, int32_t *sums)
{
    int j, k;
    for (j = j0; j < nb; ++j) {
        const int8_t *wr = w + j * n;
        uint32_t a0 = bias ? (uint32_t)bias[j] : 0u;
        uint32_t a1 = a0;
        for (k = 0; k < n; ++k) {
            a0 += (uint32_t)(tinyfit_col_get(col, k, 0) * (int32_t)wr[k]);
            a1 += (uint32_t)(tinyfit_col_get(col, k, 1) * (int32_t)wr[k]);
        }
        sums[CONV_SUM(j, 0)] = (int32_t)a0;
        sums[CONV_SUM(j, 1)] = (int32_t)a1;
    }
}

/*
 * All output channels of the two pixels whose windows are in col (slots 0 and 1), written to o0 and o1; n is the
 * window length, `pair` 0 when only slot 0 holds a pixel. Blocks of CONV_BLOCK channels: sums, then outputs.
 */
static __attribute__((noinline)) void conv_tiles(const uint32_t *col, int n, int pair, const int8_t *w, const int32_t *bias, int out_c,
                       int8_t *o0, int8_t *o1, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max, int fast)
{
    int32_t sums[2 * CONV_BLOCK];
    int oc0;
    for (oc0 = 0; oc0 < out_c; oc0 += CONV_BLOCK) {
        const int nb = out_c - oc0 < CONV_BLOCK ? out_c - oc0 : CONV_BLOCK;
        const int8_t *wb = w + oc0 * n;
        const int32_t *bb = bias ? bias + oc0 : 0;
        int j0 = 0;
        if ((n & 3) == 0 && bb && nb >= 2) {
            tinyfit_gemm_2x2_sums(col, n >> 2, wb, bb, nb >> 1, sums);
            j0 = nb & ~1;
        }
        conv_sums_c(col, n, wb, bb, j0, nb, sums);
        conv_requant_block(sums, nb, pair, o0 + oc0, o1 + oc0, out_zp, out_mult + oc0, out_shift + oc0, act_min, act_max, fast);
    }
}

#endif /* TINYFIT_IM2COL_MAX_K > 0 */

void tinyfit_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                       const int8_t *w, const int32_t *bias, int out_c,
                       int k_h, int k_w, int stride_h, int stride_w,
                       int dil_h, int dil_w, int pad_top, int pad_left,
                       int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max, int reverse)
{
#if TINYFIT_IM2COL_MAX_K > 0
    const int n = k_h * k_w * in_c;
    const int n_px = out_h * out_w;
    if (n <= TINYFIT_IM2COL_MAX_K && n_px >= 2) {
        uint32_t col[(TINYFIT_IM2COL_MAX_K + 3) / 4 * 4];
        /* The bound check reads every weight once: worth it when the layer has a few pixels to amortize it. */
        const int fast = n_px >= 8 && tinyfit_fast_requant_ok(w, n, bias, out_c, in_zp, out_shift, 1);
        const int pointwise = k_h == 1 && k_w == 1 && pad_top == 0 && pad_left == 0 && (out_h - 1) * stride_h < in_h && (out_w - 1) * stride_w < in_w;
        const uint32_t zp2 = tinyfit_col_zp2(in_zp);
        int r;
        /* Pixels in the streaming order (reverse or not); both windows of a pair are read before either output is
         * written, so a pair is as safe in place as two single pixels. */
        for (r = 0; r < n_px; r += 2) {
            const int pair = r + 1 < n_px;
            const int p0 = reverse ? n_px - 1 - r : r;
            const int p1 = reverse ? p0 - 1 : p0 + 1;
            const int oy0 = p0 / out_w, ox0 = p0 - oy0 * out_w;
            if (pointwise) {
                /* 1x1 windows without padding: the window is the pixel's channels. */
                tinyfit_col_run(col, 0, 0, in + (oy0 * stride_h * in_w + ox0 * stride_w) * in_stride, n, in_zp, zp2);
            } else {
                tinyfit_im2col_s8(col, 0, in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, dil_h, dil_w,
                                  oy0 * stride_h - pad_top, ox0 * stride_w - pad_left);
            }
            if (pair) {
                const int oy1 = p1 / out_w, ox1 = p1 - oy1 * out_w;
                if (pointwise) {
                    tinyfit_col_run(col, 1, 0, in + (oy1 * stride_h * in_w + ox1 * stride_w) * in_stride, n, in_zp, zp2);
                } else {
                    tinyfit_im2col_s8(col, 1, in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, dil_h, dil_w,
                                      oy1 * stride_h - pad_top, ox1 * stride_w - pad_left);
                }
            } else {
                tinyfit_col_zero(col, 1, 0, n);
            }
            conv_tiles(col, n, pair, w, bias, out_c, out + p0 * out_stride, out + (pair ? p1 : p0) * out_stride,
                       out_zp, out_mult, out_shift, act_min, act_max, fast);
        }
        return;
    }
#endif
    conv_direct(in, in_h, in_w, in_c, in_stride, in_zp, w, bias, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w,
                pad_top, pad_left, out, out_h, out_w, out_stride, out_zp, out_mult, out_shift, act_min, act_max, reverse);
}
