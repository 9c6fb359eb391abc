/*
 * Int8 2-D convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable kernel's
 * signature and results (conv2d_s8.h).
 *
 * Main path (sized by code generation): output pixels go by four; their windows are widened once to int16 with
 * the input zero point taken off (im2col_s8.h), then each output channel is a 1x4 tile whose inner step loads four
 * weights, widens them once with SXTB16 for the four pixels and feeds eight SMLADs (gemm_1x4_s8.h: 16 MACs in 16
 * instructions). Requantization takes the five-instruction exact form when the layer's weights and biases bound
 * every accumulation (requant_fast_s8.h), its per-channel constants shared by the four pixels. The window buffer
 * lives on the stack; code generation defines TINYFIT_IM2COL_MAX_K, the largest window (k_h·k_w·in_c) of the
 * model's convolutions, so the stack holds exactly what the model needs (the static stack bound counts it).
 * Larger windows, or none defined, take the direct path below (two channels per widened input, dot_s8.h).
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_s8.h"
#include "im2col_s8.h"
#include "requant_fast_s8.h"
#include "gemm_1x4_s8.h"

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

/* Output channels per block: a block's sums wait on the stack (4 x 16 words) for their requantization. */
#define CONV_BLOCK 16

/*
 * Requantized outputs of a block of nb channels from their sums (four per channel, pixel by pixel) to the n_px
 * (1..4) pixels' outputs o[p]: a function of its own (not inlined) so that the layer's constants stay in
 * registers, each channel's constants shared by its pixels, the clamp a single SSAT for the whole int8 range.
 */
static __attribute__((noinline)) void conv_requant_block(const int32_t *sums, int nb, int n_px, int8_t *const *o,
                                                         int32_t out_zp, const int32_t *mult, const int8_t *shift,
                                                         int32_t act_min, int32_t act_max, uint32_t fast)
{
    int j, p;
    /* fast: bit j set when channel j takes the fast requantization (tinyfit_fast_requant_bits). */
    if (fast && act_min == -128 && act_max == 127 && n_px == 4) {
        int8_t *o0 = o[0], *o1 = o[1], *o2 = o[2], *o3 = o[3];
        for (j = 0; j < nb; ++j, sums += 4, fast >>= 1) {
            const int32_t m = mult[j];
            if (fast & 1u) {
                const int32_t e = -shift[j];
                const int32_t hz = tinyfit_requant_hz(e, out_zp);
                o0[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[0], m, e, hz), 8);
                o1[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[1], m, e, hz), 8);
                o2[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[2], m, e, hz), 8);
                o3[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[3], m, e, hz), 8);
            } else {
                for (p = 0; p < 4; ++p) o[p][j] = TINYFIT_DSP_OUT((uint32_t)sums[p], m, shift[j], out_zp, act_min, act_max);
            }
        }
    } else if (fast) {
        for (j = 0; j < nb; ++j, sums += 4, fast >>= 1) {
            const int32_t m = mult[j];
            const int32_t e = -shift[j];
            const int32_t hz = (fast & 1u) ? tinyfit_requant_hz(e, out_zp) : 0;
            for (p = 0; p < n_px; ++p) {
                o[p][j] = (fast & 1u) ? tinyfit_clamp_s8(tinyfit_requant_fast(sums[p], m, e, hz), act_min, act_max)
                                      : TINYFIT_DSP_OUT((uint32_t)sums[p], m, shift[j], out_zp, act_min, act_max);
            }
        }
    } else {
        for (j = 0; j < nb; ++j, sums += 4) {
            for (p = 0; p < n_px; ++p) o[p][j] = TINYFIT_DSP_OUT((uint32_t)sums[p], mult[j], shift[j], out_zp, act_min, act_max);
        }
    }
}

/* Sums of channels [0, nb) of a block (weight rows from w, biases or none) in C: windows not a multiple of 4, no bias. */
static void conv_sums_c(const uint32_t *col, int n, const int8_t *w, const int32_t *bias, int nb, int32_t *sums)
{
    int j, k, p;
    for (j = 0; j < nb; ++j, sums += 4) {
        const int8_t *wr = w + j * n;
        for (p = 0; p < TINYFIT_COL_PIXELS; ++p) {
            uint32_t a = bias ? (uint32_t)bias[j] : 0u;
            for (k = 0; k < n; ++k) a += (uint32_t)(tinyfit_col_get(col, k, p) * (int32_t)wr[k]);
            sums[p] = (int32_t)a;
        }
    }
}

/*
 * All output channels of the n_px (1..4) pixels whose windows are in col, written to o[p]; n is the window length,
 * last_row the weights' last row padded with zeros to a multiple of 4. Blocks of CONV_BLOCK channels: sums, then
 * outputs.
 */
static __attribute__((noinline)) void conv_tiles(const uint32_t *col, int n, int n_px, const int8_t *w, const int8_t *last_row,
                                                 const int32_t *bias, int out_c, int8_t *const *o, int32_t out_zp, const int32_t *out_mult,
                                                 const int8_t *out_shift, int32_t act_min, int32_t act_max, const uint32_t *fast)
{
    int32_t sums[TINYFIT_COL_PIXELS * CONV_BLOCK];
    int8_t *ob[TINYFIT_COL_PIXELS];
    int oc0, p;
    for (oc0 = 0; oc0 < out_c; oc0 += CONV_BLOCK) {
        const int nb = out_c - oc0 < CONV_BLOCK ? out_c - oc0 : CONV_BLOCK;
        const int8_t *wb = w + oc0 * n;
        /* Rows not a multiple of 4 overrun into the next row (times 0): the layer's last row is read from its
         * zero-padded copy (last_row) instead of past the weight array. */
        const int n_asm = (n & 3) && oc0 + nb == out_c ? nb - 1 : nb;
        if (bias) {
            tinyfit_gemm_1x4_sums(col, (n + 3) >> 2, n, wb, bias + oc0, n_asm, sums);
            if (n_asm < nb) tinyfit_gemm_1x4_sums(col, (n + 3) >> 2, n, last_row, bias + oc0 + n_asm, 1, sums + 4 * n_asm);
        } else {
            conv_sums_c(col, n, wb, 0, nb, sums);
        }
        for (p = 0; p < n_px; ++p) ob[p] = o[p] + oc0;
        conv_requant_block(sums, nb, n_px, ob, out_zp, out_mult + oc0, out_shift + oc0, act_min, act_max,
                           fast ? (fast[oc0 >> 5] >> (oc0 & 31)) & 0xFFFFu : 0u);
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
        uint32_t col[(TINYFIT_IM2COL_MAX_K + 3) / 4 * 2 * TINYFIT_COL_PIXELS];
        /* The bound check reads every weight once: worth it when the layer has a few pixels to amortize it. */
        uint32_t fast_bits[TINYFIT_FAST_MAX_C / 32];
        const int fast = n_px >= 8 && out_c <= TINYFIT_FAST_MAX_C;
        const int pointwise = k_h == 1 && k_w == 1 && pad_top == 0 && pad_left == 0 && (out_h - 1) * stride_h < in_h && (out_w - 1) * stride_w < in_w;
        const uint32_t zp2 = tinyfit_col_zp2(in_zp);
        int8_t *o[TINYFIT_COL_PIXELS];
        int8_t last_row[(TINYFIT_IM2COL_MAX_K + 3) / 4 * 4];
        int8_t lin[(TINYFIT_IM2COL_MAX_K + 3) / 4 * 4];
        int r, q;
        if (fast) tinyfit_fast_requant_bits(w, n, bias, out_c, in_zp, out_shift, fast_bits);
        for (q = 0; q < ((n + 3) & ~3); ++q) last_row[q] = q < n ? w[(out_c - 1) * n + q] : 0;
        /* Pixels in the streaming order (reverse or not); the four windows are read before any output is written,
         * so a group is as safe in place as single pixels. */
        for (r = 0; r < n_px; r += TINYFIT_COL_PIXELS) {
            const int n_q = n_px - r < TINYFIT_COL_PIXELS ? n_px - r : TINYFIT_COL_PIXELS;
            for (q = 0; q < TINYFIT_COL_PIXELS; ++q) {
                if (q < n_q) {
                    const int p = reverse ? n_px - 1 - (r + q) : r + q;
                    const int oy = p / out_w, ox = p - oy * out_w;
                    o[q] = out + p * out_stride;
                    if (pointwise) {
                        /* 1x1 windows without padding: the window is the pixel's channels. */
                        tinyfit_col_run(col, q, 0, in + (oy * stride_h * in_w + ox * stride_w) * in_stride, n, in_zp, zp2);
                    } else {
                        tinyfit_im2col_s8(col, q, lin, in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, dil_h, dil_w,
                                          oy * stride_h - pad_top, ox * stride_w - pad_left);
                    }
                } else {
                    tinyfit_col_zero(col, q, 0, n);
                }
            }
            /* Window elements n .. 4·ceil(n/4) − 1 are 0 for the tiles' last group. */
            for (q = 0; q < TINYFIT_COL_PIXELS; ++q) tinyfit_col_zero(col, q, n, (-n) & 3);
            conv_tiles(col, n, n_q, w, last_row, bias, out_c, o, out_zp, out_mult, out_shift, act_min, act_max, fast ? fast_bits : 0);
        }
        return;
    }
#endif
    conv_direct(in, in_h, in_w, in_c, in_stride, in_zp, w, bias, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w,
                pad_top, pad_left, out, out_h, out_w, out_stride, out_zp, out_mult, out_shift, act_min, act_max, reverse);
}
