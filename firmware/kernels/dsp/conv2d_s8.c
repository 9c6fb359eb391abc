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

/*
 * acc00/acc01 (channel a, pixels 0/1) and acc10/acc11 (channel b) += `groups` groups of four window elements
 * (col, both pixels interleaved) times four weights of each channel (wa, wb): per group two weight loads, four
 * SXTB16 (the second of each pair with its rotate folded in), four LDRD and eight SMLAD. Written as one asm
 * block so that the twelve live values stay in registers (GCC spills the pointers of the C form); unoptimized
 * builds (-O0, a frame pointer taking a register) get the same arithmetic in C.
 */
static inline void conv_tile_2x2(const uint32_t *cp, const int8_t *wa, const int8_t *wb, int groups,
                                 uint32_t *acc00, uint32_t *acc01, uint32_t *acc10, uint32_t *acc11)
{
    uint32_t a00 = *acc00, a01 = *acc01, a10 = *acc10, a11 = *acc11;
#if defined(__OPTIMIZE__)
    uint32_t we, wo, x0, x1;
    __asm__ volatile(
        "1:\n\t"
        "ldr %[x0], [%[wa]], #4\n\t"
        "sxtb16 %[we], %[x0]\n\t"
        "sxtb16 %[wo], %[x0], ror #8\n\t"
        "ldrd %[x0], %[x1], [%[cp]]\n\t"
        "smlad %[a00], %[x0], %[we], %[a00]\n\t"
        "smlad %[a00], %[x1], %[wo], %[a00]\n\t"
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t"
        "smlad %[a01], %[x0], %[we], %[a01]\n\t"
        "smlad %[a01], %[x1], %[wo], %[a01]\n\t"
        "ldr %[x0], [%[wb]], #4\n\t"
        "sxtb16 %[we], %[x0]\n\t"
        "sxtb16 %[wo], %[x0], ror #8\n\t"
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t"
        "smlad %[a11], %[x0], %[we], %[a11]\n\t"
        "smlad %[a11], %[x1], %[wo], %[a11]\n\t"
        "ldrd %[x0], %[x1], [%[cp]], #16\n\t"
        "smlad %[a10], %[x0], %[we], %[a10]\n\t"
        "smlad %[a10], %[x1], %[wo], %[a10]\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b"
        : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [wa] "+r"(wa), [wb] "+r"(wb),
          [cp] "+r"(cp), [n] "+r"(groups), [we] "=&r"(we), [wo] "=&r"(wo), [x0] "=&r"(x0), [x1] "=&r"(x1)
        :
        : "cc", "memory");
#else
    for (; groups > 0; --groups, wa += 4, wb += 4, cp += 4) {
        uint32_t ua, ub;
        __builtin_memcpy(&ua, wa, 4);
        __builtin_memcpy(&ub, wb, 4);
        a00 = (uint32_t)__smlad(cp[1], __sxtb16((ua >> 8) | (ua << 24)), __smlad(cp[0], __sxtb16(ua), (int32_t)a00));
        a01 = (uint32_t)__smlad(cp[3], __sxtb16((ua >> 8) | (ua << 24)), __smlad(cp[2], __sxtb16(ua), (int32_t)a01));
        a10 = (uint32_t)__smlad(cp[1], __sxtb16((ub >> 8) | (ub << 24)), __smlad(cp[0], __sxtb16(ub), (int32_t)a10));
        a11 = (uint32_t)__smlad(cp[3], __sxtb16((ub >> 8) | (ub << 24)), __smlad(cp[2], __sxtb16(ub), (int32_t)a11));
    }
#endif
    *acc00 = a00;
    *acc01 = a01;
    *acc10 = a10;
    *acc11 = a11;
}

/* Output channels per block: the sums of a block wait on the stack (2 x 32 words) for their requantization. */
#define CONV_BLOCK 32

/*
 * Requantized outputs of channels [oc, oc + nb) from their sums s0 (pixel 0) and s1 (pixel 1, when `pair`): a
 * function of its own (not inlined) so that the layer's constants stay in registers, with the per-channel constants
 * shared by both pixels and the clamp a single SSAT when the activation range is the whole int8 range.
 */
static __attribute__((noinline)) void conv_requant_block(const int32_t *s0, const int32_t *s1, int nb, int pair, int8_t *o0,
                                                         int8_t *o1, int32_t out_zp, const int32_t *mult, const int8_t *shift,
                                                         int32_t act_min, int32_t act_max, int fast)
{
    int i;
    if (fast && act_min == -128 && act_max == 127) {
        for (i = 0; i < nb; ++i) {
            const int32_t m = mult[i];
            const int32_t e = -shift[i];
            const int32_t hz = tinyfit_requant_hz(e, out_zp);
            o0[i] = (int8_t)__ssat(tinyfit_requant_fast(s0[i], m, e, hz), 8);
            if (pair) o1[i] = (int8_t)__ssat(tinyfit_requant_fast(s1[i], m, e, hz), 8);
        }
    } else if (fast) {
        for (i = 0; i < nb; ++i) {
            const int32_t m = mult[i];
            const int32_t e = -shift[i];
            const int32_t hz = tinyfit_requant_hz(e, out_zp);
            o0[i] = tinyfit_clamp_s8(tinyfit_requant_fast(s0[i], m, e, hz), act_min, act_max);
            if (pair) o1[i] = tinyfit_clamp_s8(tinyfit_requant_fast(s1[i], m, e, hz), act_min, act_max);
        }
    } else {
        for (i = 0; i < nb; ++i) {
            o0[i] = TINYFIT_DSP_OUT((uint32_t)s0[i], mult[i], shift[i], out_zp, act_min, act_max);
            if (pair) o1[i] = TINYFIT_DSP_OUT((uint32_t)s1[i], mult[i], shift[i], out_zp, act_min, act_max);
        }
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
    const int groups = n >> 2;
    int32_t s0[CONV_BLOCK], s1[CONV_BLOCK];
    int oc0, k;
    for (oc0 = 0; oc0 < out_c; oc0 += CONV_BLOCK) {
        const int nb = out_c - oc0 < CONV_BLOCK ? out_c - oc0 : CONV_BLOCK;
        int i;
        for (i = 0; i + 2 <= nb; i += 2) {
            const int oc = oc0 + i;
            const int8_t *wa = w + oc * n;
            const int8_t *wb = wa + n;
            uint32_t a00 = bias ? (uint32_t)bias[oc] : 0u; /* channel oc, pixel 0 */
            uint32_t a10 = bias ? (uint32_t)bias[oc + 1] : 0u;
            uint32_t a01 = a00;
            uint32_t a11 = a10;
            if (groups > 0) conv_tile_2x2(col, wa, wb, groups, &a00, &a01, &a10, &a11);
            for (k = groups << 2; k < n; ++k) {
                const int32_t x0 = tinyfit_col_get(col, k, 0);
                const int32_t x1 = tinyfit_col_get(col, k, 1);
                a00 += (uint32_t)(x0 * (int32_t)wa[k]);
                a10 += (uint32_t)(x0 * (int32_t)wb[k]);
                a01 += (uint32_t)(x1 * (int32_t)wa[k]);
                a11 += (uint32_t)(x1 * (int32_t)wb[k]);
            }
            s0[i] = (int32_t)a00;
            s0[i + 1] = (int32_t)a10;
            s1[i] = (int32_t)a01;
            s1[i + 1] = (int32_t)a11;
        }
        for (; i < nb; ++i) {
            const int8_t *wa = w + (oc0 + i) * n;
            uint32_t a0 = bias ? (uint32_t)bias[oc0 + i] : 0u;
            uint32_t a1 = a0;
            for (k = 0; k < n; ++k) {
                a0 += (uint32_t)(tinyfit_col_get(col, k, 0) * (int32_t)wa[k]);
                a1 += (uint32_t)(tinyfit_col_get(col, k, 1) * (int32_t)wa[k]);
            }
            s0[i] = (int32_t)a0;
            s1[i] = (int32_t)a1;
        }
        conv_requant_block(s0, s1, nb, pair, o0 + oc0, o1 + oc0, out_zp, out_mult + oc0, out_shift + oc0, act_min, act_max, fast);
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
        int r;
        /* Pixels in the streaming order (reverse or not); both windows of a pair are read before either output is
         * written, so a pair is as safe in place as two single pixels. */
        for (r = 0; r < n_px; r += 2) {
            const int pair = r + 1 < n_px;
            const int p0 = reverse ? n_px - 1 - r : r;
            const int p1 = reverse ? p0 - 1 : p0 + 1;
            const int oy0 = p0 / out_w, ox0 = p0 - oy0 * out_w;
            tinyfit_im2col_s8(col, 0, in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, dil_h, dil_w,
                              oy0 * stride_h - pad_top, ox0 * stride_w - pad_left);
            if (pair) {
                const int oy1 = p1 / out_w, ox1 = p1 - oy1 * out_w;
                tinyfit_im2col_s8(col, 1, in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, dil_h, dil_w,
                                  oy1 * stride_h - pad_top, ox1 * stride_w - pad_left);
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
