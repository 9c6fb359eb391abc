/*
 * Int8 2-D convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable kernel's
 * signature and results (conv2d_s8.h), with the channel loop in SIMD. Four input bytes are loaded at once,
 * sign-extended in pairs to int16 lanes (SXTB16 of the word and of the word rotated by 8: lanes 0/2 and 1/3),
 * the input zero point taken off both lanes (SSUB16: |in - zp| <= 255 fits int16), and multiplied with the
 * weights widened the same way by SMLAD (two products and the accumulator, modulo 2^32 as the portable int32 sum).
 * Two output channels share each widened input. Arm ACLE intrinsics (arm_acle.h); pairing lanes 0/2 and 1/3 of
 * both operands keeps each product's factors together, and the order of a modular sum does not change it.
 */
#include "conv2d_s8.h"
#include <arm_acle.h>
#include <string.h>
#include "fixedpoint_s8.h"
#include "window.h"

/* Rotate right by 8 (GCC's arm_acle.h has no __ror; this form compiles to ROR, folded into SXTB16). */
static inline uint32_t tinyfit_dsp_ror8(uint32_t x)
{
    return (x >> 8) | (x << 24);
}

static inline uint32_t tinyfit_dsp_load4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4); /* an unaligned word load on the M4 */
    return v;
}

/* The dot product of n (in - zp) with two weight rows, added to *acc0 and *acc1. */
static inline void tinyfit_dsp_dot2(const int8_t *in, const int8_t *w0, const int8_t *w1, int n, uint32_t zp2, int32_t in_zp,
                                    uint32_t *acc0, uint32_t *acc1)
{
    uint32_t a0 = *acc0;
    uint32_t a1 = *acc1;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint32_t x = tinyfit_dsp_load4(in + i);
        const uint32_t xe = __ssub16(__sxtb16(x), zp2);
        const uint32_t xo = __ssub16(__sxtb16(tinyfit_dsp_ror8(x)), zp2);
        const uint32_t u = tinyfit_dsp_load4(w0 + i);
        const uint32_t v = tinyfit_dsp_load4(w1 + i);
        a0 = (uint32_t)__smlad(xe, __sxtb16(u), (int32_t)a0);
        a0 = (uint32_t)__smlad(xo, __sxtb16(tinyfit_dsp_ror8(u)), (int32_t)a0);
        a1 = (uint32_t)__smlad(xe, __sxtb16(v), (int32_t)a1);
        a1 = (uint32_t)__smlad(xo, __sxtb16(tinyfit_dsp_ror8(v)), (int32_t)a1);
    }
    for (; i < n; ++i) {
        const int32_t x = (int32_t)in[i] - in_zp;
        a0 += (uint32_t)(x * (int32_t)w0[i]);
        a1 += (uint32_t)(x * (int32_t)w1[i]);
    }
    *acc0 = a0;
    *acc1 = a1;
}

static inline int8_t tinyfit_dsp_out(uint32_t acc, int32_t mult, int shift, int32_t out_zp, int32_t act_min, int32_t act_max)
{
    int32_t y = tinyfit_requant((int32_t)acc, mult, shift);
    y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
    return (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
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
    const uint32_t zp2 = ((uint32_t)(uint16_t)(int16_t)in_zp << 16) | (uint16_t)(int16_t)in_zp;
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
                            tinyfit_dsp_dot2(in_row + kx * in_col_step, w0 + w_row + kx * in_c, w1 + w_row + kx * in_c, run, zp2, in_zp, &acc0, &acc1);
                        }
                    }
                    out_px[oc] = tinyfit_dsp_out(acc0, out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                    out_px[oc + 1] = tinyfit_dsp_out(acc1, out_mult[oc + 1], out_shift[oc + 1], out_zp, act_min, act_max);
                }
                for (; oc < out_c; ++oc) {
                    const int8_t *w0 = w + oc * w_oc_stride + w_tap0;
                    uint32_t acc0 = bias ? (uint32_t)bias[oc] : 0u;
                    uint32_t dummy = 0u;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *in_row = in_tap0 + ky * in_row_step;
                        const int w_row = ky * w_row_step;
                        for (kx = 0; kx < runs_per_row; ++kx) {
                            tinyfit_dsp_dot2(in_row + kx * in_col_step, w0 + w_row + kx * in_c, w0 + w_row + kx * in_c, run, zp2, in_zp, &acc0, &dummy);
                        }
                    }
                    out_px[oc] = tinyfit_dsp_out(acc0, out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                }
            }
        }
    }
}
