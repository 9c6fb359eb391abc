#ifndef TINYFIT_DEPTHWISE_MVE_S8_H
#define TINYFIT_DEPTHWISE_MVE_S8_H

/*
 * One output pixel of an int8 depthwise convolution with depth multiplier 1, four channels at a time in int32
 * lanes, for the Helium (MVE) depthwise variants (depthwise_conv2d_s8.c, depthwise_conv2d_inplace_s8.c).
 * Channels are innermost (NHWC), so a tap's four inputs and four weights are contiguous bytes, loaded
 * sign-extended by VLDRB.S32 and multiplied lane by lane (modulo 2^32 like the portable int32 sum); channel
 * tails are predicated (VCTP.32). A whole 3x3 window is unrolled. The input zero point is taken out,
 * Σ (in − zp)·w = Σ in·w − zp·Σ w: Σ w of a whole window comes from `wsum` when given, else it is summed with
 * the products.
 */
#include <stdint.h>
#include <arm_mve.h>
#include "requant_mve_s8.h"

/* Σ w over the k_taps taps of each of the n channels (whole window), into wsum[n]. */
static inline void tinyfit_dw_mve_wsum(const int8_t *w, int n, int k_taps, int32_t *wsum)
{
    int ch, t;
    for (ch = 0; ch < n; ch += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(n - ch));
        int32x4_t s = vdupq_n_s32(0);
        for (t = 0; t < k_taps; ++t) s = vaddq_s32(s, vldrbq_z_s32(w + t * n + ch, p));
        vstrwq_p_s32(wsum + ch, s, p);
    }
}

/*
 * Channels [ch0, ch1) of one output pixel, stored from out_px (channel ch0): x / wp point at the first in-bounds
 * tap (channel 0), n_ky x n_kx taps;
 * three = the window is a whole 3x3 one; wsum = its channels' Σ w for a whole window, or NULL.
 */
static inline void tinyfit_dw_mve_pixel(const int8_t *x, const int8_t *wp, int ch0, int ch1, int n_ky, int n_kx, int three,
                                        int in_row_step, int in_col_step, int w_row_step, int w_col_step,
                                        const int32_t *bias, const int32_t *wsum, int32_t in_zp,
                                        int8_t *out_px, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                                        int32_t act_min, int32_t act_max)
{
    const int32_t neg_zp = (int32_t)(0u - (uint32_t)in_zp);
    int ch;
    for (ch = ch0; ch < ch1; ch += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(ch1 - ch));
        const int8_t *xc = x + ch;
        const int8_t *wc = wp + ch;
        int32x4_t acc = bias ? vldrwq_z_s32(bias + ch, p) : vdupq_n_s32(0);
        int32x4_t s = vdupq_n_s32(0);
        if (three) {
            int r;
            for (r = 0; r < 3; ++r) {
                const int8_t *xr = xc + r * in_row_step;
                const int8_t *wr = wc + r * w_row_step;
                const int32x4_t w0 = vldrbq_z_s32(wr, p), w1 = vldrbq_z_s32(wr + w_col_step, p), w2 = vldrbq_z_s32(wr + 2 * w_col_step, p);
                acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(xr, p), w0));
                acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(xr + in_col_step, p), w1));
                acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(xr + 2 * in_col_step, p), w2));
                if (!wsum) s = vaddq_s32(s, vaddq_s32(vaddq_s32(w0, w1), w2));
            }
        } else {
            int ky, kx;
            for (ky = 0; ky < n_ky; ++ky) {
                const int8_t *xr = xc + ky * in_row_step;
                const int8_t *wr = wc + ky * w_row_step;
                for (kx = 0; kx < n_kx; ++kx) {
                    const int32x4_t wv = vldrbq_z_s32(wr + kx * w_col_step, p);
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(xr + kx * in_col_step, p), wv));
                    s = vaddq_s32(s, wv);
                }
            }
        }
        if (in_zp != 0) {
            if (wsum) s = vldrwq_z_s32(wsum + ch, p);
            acc = vmlaq_n_s32(acc, s, neg_zp); /* − zp·Σw, modulo 2^32 */
        }
        tinyfit_mve_store4(out_px + (ch - ch0), acc, out_mult, out_shift, ch, ch1 - ch < 4 ? ch1 - ch : 4, out_zp, act_min, act_max);
    }
}

#endif /* TINYFIT_DEPTHWISE_MVE_S8_H */
