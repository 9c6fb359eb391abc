/*
 * Int8 2-D convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable kernel's
 * signature and results (conv2d_s8.h).
 *
 * Main path (sized by code generation): output pixels go by P (6, or 4 for windows over 256 elements); their
 * windows are widened once to int16 with the input zero point taken off (im2col_s8.h), then each output channel is
 * a 1xP tile whose inner step loads four weights, widens them once with SXTB16 for the P pixels and feeds 2P SMLADs
 * (gemm_1xp_s8.h: 24 MACs in 21 instructions for P = 6). Requantization takes the five-instruction exact form when the layer's weights and biases bound
 * every accumulation (requant_fast_s8.h), its per-channel constants shared by the P pixels. The window buffer
 * lives on the stack; code generation defines TINYFIT_IM2COL_MAX_K, the largest window (k_h·k_w·in_c) of the
 * model's convolutions, so the stack holds exactly what the model needs (the static stack bound counts it).
 * Without that size, the direct path below (two channels per widened input, dot_s8.h).
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_s8.h"
#include "im2col_s8.h"
#include "requant_fast_s8.h"
#include "gemm_1xp_s8.h"


#if TINYFIT_IM2COL_MAX_K == 0 || defined(TINYFIT_DSP_FALLBACKS)
/* Direct path: windows read in place, two output channels per widened input (dot_s8.h). */
static TINYFIT_DSP_FALLBACK void conv_direct(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
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

#endif

#if TINYFIT_IM2COL_MAX_K > 0

/* Output channels per block: a block's sums wait on the stack (P x 16 words) for their requantization. */
#define CONV_BLOCK 16
#define CONV_P TINYFIT_COL_PIXELS

/*
 * Requantized outputs of a block of nb channels from their sums (P per channel, pixel by pixel) to the n_px (1..P)
 * pixels' outputs o0 + q·ps (the pixels of a batch are consecutive, forward or backward): a function of its own
 * (not inlined) so that the layer's constants stay in registers, each channel's constants shared by its pixels, the
 * clamp a single SSAT for the whole int8 range. Bit j of `fast` set: channel j takes the fast requantization.
 */
static __attribute__((noinline)) void conv_requant_block(const int32_t *sums, int nb, int n_px, int8_t *o0, int ps,
                                                         int32_t out_zp, const int32_t *mult, const int8_t *shift,
                                                         int32_t act_min, int32_t act_max, uint32_t fast)
{
    int j, p;
    const int full = act_min == -128 && act_max == 127;
    for (j = 0; j < nb; ++j, sums += CONV_P, fast >>= 1) {
        const int32_t m = mult[j];
        int8_t *o = o0 + j;
        if (fast & 1u) {
            const int32_t e = -shift[j];
            const int32_t hz = tinyfit_requant_hz(e, out_zp);
            if (full) {
                for (p = 0; p < n_px; ++p, o += ps) *o = (int8_t)__ssat(tinyfit_requant_fast(sums[p], m, e, hz), 8);
            } else {
                for (p = 0; p < n_px; ++p, o += ps) *o = tinyfit_clamp_s8(tinyfit_requant_fast(sums[p], m, e, hz), act_min, act_max);
            }
        } else {
            for (p = 0; p < n_px; ++p, o += ps) *o = TINYFIT_DSP_OUT((uint32_t)sums[p], m, shift[j], out_zp, act_min, act_max);
        }
    }
}

/* Sums of channels [0, nb) of a block (weight rows from w, biases or none) in C: no bias. */
static void conv_sums_c(const uint32_t *col, int n, const int8_t *w, const int32_t *bias, int nb, int32_t *sums)
{
    int j, k, p;
    for (j = 0; j < nb; ++j, sums += CONV_P) {
        const int8_t *wr = w + j * n;
        for (p = 0; p < CONV_P; ++p) {
            uint32_t a = bias ? (uint32_t)bias[j] : 0u;
            for (k = 0; k < n; ++k) a += (uint32_t)(tinyfit_col_get(col, k, p) * (int32_t)wr[k]);
            sums[p] = (int32_t)a;
        }
    }
}

/*
 * All output channels of the n_px (1..P) pixels whose windows are in col, written to o0 + q·ps; n is the window
 * length, last_row the weights' last row padded with zeros to a multiple of 8. Blocks of CONV_BLOCK channels: sums,
 * then outputs.
 */
static __attribute__((noinline)) void conv_tiles(const uint32_t *col, int n, int n_px, const int8_t *w, const int8_t *last_row,
                                                 const int32_t *bias, int out_c, int8_t *o0, int ps, int32_t out_zp,
                                                 const int32_t *out_mult, const int8_t *out_shift, int32_t act_min,
                                                 int32_t act_max, const uint32_t *fast)
{
    int32_t sums[CONV_P * CONV_BLOCK];
    int oc0;
    for (oc0 = 0; oc0 < out_c; oc0 += CONV_BLOCK) {
        const int nb = out_c - oc0 < CONV_BLOCK ? out_c - oc0 : CONV_BLOCK;
        const int8_t *wb = w + oc0 * n;
        /* Rows not a multiple of 8 overrun into the next row (times 0): the layer's last row is read from its
         * zero-padded copy (last_row) instead of past the weight array. */
        const int n_asm = (n & 7) && oc0 + nb == out_c ? nb - 1 : nb;
        if (bias) {
            tinyfit_gemm_1xp_sums(col, ((n + 7) >> 3) << 1, n, wb, bias + oc0, n_asm, sums);
            if (n_asm < nb) tinyfit_gemm_1xp_sums(col, ((n + 7) >> 3) << 1, n, last_row, bias + oc0 + n_asm, 1, sums + CONV_P * n_asm);
        } else {
            conv_sums_c(col, n, wb, 0, nb, sums);
        }
        conv_requant_block(sums, nb, n_px, o0 + oc0, ps, out_zp, out_mult + oc0, out_shift + oc0, act_min, act_max,
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
    if (n <= TINYFIT_IM2COL_MAX_K) {
        uint32_t col[(TINYFIT_IM2COL_MAX_K + 7) / 8 * 4 * CONV_P];
        /* The bound check reads every weight once: worth it unless the call has very few pixels for its window. */
        uint32_t fast_bits[TINYFIT_FAST_MAX_C / 32];
        const int fast = n_px * 16 >= n && out_c <= TINYFIT_FAST_MAX_C;
        const int pointwise = k_h == 1 && k_w == 1 && pad_top == 0 && pad_left == 0 && (out_h - 1) * stride_h < in_h && (out_w - 1) * stride_w < in_w;
        const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
        int8_t last_row[(TINYFIT_IM2COL_MAX_K + 7) / 8 * 8];
        int8_t lin[(TINYFIT_IM2COL_MAX_K + 7) / 8 * 8];
        const int ps = reverse ? -out_stride : out_stride;
        int r, q;
        if (fast) tinyfit_fast_requant_bits(w, n, bias, out_c, in_zp, out_shift, fast_bits);
        for (q = 0; q < ((n + 7) & ~7); ++q) last_row[q] = q < n ? w[(out_c - 1) * n + q] : 0;
        /* Pixels in the streaming order (reverse or not), P at a time; all P windows are read before any output is
         * written, so a batch is as safe in place as single pixels. */
        for (r = 0; r < n_px; r += CONV_P) {
            const int n_q = n_px - r < CONV_P ? n_px - r : CONV_P;
            for (q = 0; q < CONV_P; ++q) {
                if (q < n_q) {
                    const int p = reverse ? n_px - 1 - (r + q) : r + q;
                    const int oy = p / out_w, ox = p - oy * out_w;
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
            /* Window elements n .. 8·ceil(n/8) − 1 are 0 for the tiles' last groups. */
            for (q = 0; q < CONV_P; ++q) tinyfit_col_zero(col, q, n, (-n) & 7);
            conv_tiles(col, n, n_q, w, last_row, bias, out_c, out + (reverse ? n_px - 1 - r : r) * out_stride, ps, out_zp,
                       out_mult, out_shift, act_min, act_max, fast ? fast_bits : 0);
        }
        return;
    }
#endif
#if TINYFIT_IM2COL_MAX_K == 0 || defined(TINYFIT_DSP_FALLBACKS)
    conv_direct(in, in_h, in_w, in_c, in_stride, in_zp, w, bias, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w,
                pad_top, pad_left, out, out_h, out_w, out_stride, out_zp, out_mult, out_shift, act_min, act_max, reverse);
#else
    TINYFIT_DSP_UNREACHABLE();
#endif
}
