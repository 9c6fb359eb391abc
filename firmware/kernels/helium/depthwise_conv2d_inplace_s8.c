/*
 * In-place int8 depthwise convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (depthwise_conv2d_inplace_s8.h; one channel at a time through `temp`, which holds out_h·out_w bytes). Within a
 * channel, four horizontally adjacent outputs whose windows lie inside the input are computed together in int32
 * lanes: each tap's four inputs (stride_w·c bytes apart) come from one gather load (VLDRB.S32 with a vector of
 * offsets) and are multiplied by the tap's weight, a scalar (VMLA.S32 by a general register), modulo 2^32 like
 * the portable int32 sum. The input zero point's share is folded into the bias once per channel
 * (Σ (in − zp)·w = Σ in·w − zp·Σ w); outputs near the border take the portable loop. The channel's outputs are
 * then scattered into its slots, eight per scatter store (VSTRB.16 with a vector of offsets).
 */
#include "depthwise_conv2d_inplace_s8.h"
#include "fixedpoint_s8.h"
#include "requant_mve_s8.h"
#include "window.h"

/* The portable computation of one output (depthwise_conv2d_inplace_s8.c). */
static int8_t tinyfit_dwi_scalar(const int8_t *buf, int in_h, int in_w, int c, int ch, int32_t in_zp, const int8_t *w, uint32_t b,
                                 int k_h, int k_w, int dil_h, int dil_w, int iy0, int ix0, int32_t out_zp, int32_t mult, int shift,
                                 int32_t act_min, int32_t act_max)
{
    uint32_t acc = b;
    int32_t y;
    int ky_lo, ky_hi, kx_lo, kx_hi, ky, kx;
    tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
    tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
    if (kx_hi > kx_lo) {
        for (ky = ky_lo; ky < ky_hi; ++ky) {
            const int8_t *in_row = buf + ((iy0 + ky * dil_h) * in_w + ix0) * c + ch;
            const int8_t *w_row = w + ky * k_w * c + ch;
            for (kx = kx_lo; kx < kx_hi; ++kx) acc += (uint32_t)(((int32_t)in_row[kx * dil_w * c] - in_zp) * (int32_t)w_row[kx * c]);
        }
    }
    y = tinyfit_requant((int32_t)acc, mult, shift);
    y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
    return (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
}

void tinyfit_depthwise_conv2d_inplace_s8(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp,
                                         const int8_t *w, const int32_t *bias,
                                         int k_h, int k_w, int stride_h, int stride_w,
                                         int dil_h, int dil_w, int pad_top, int pad_left,
                                         int out_h, int out_w, int8_t *temp, int32_t out_zp,
                                         const int32_t *out_mult, const int8_t *out_shift,
                                         int32_t act_min, int32_t act_max)
{
    const int n_out = out_h * out_w;
    const int span_w = (k_w - 1) * dil_w;
    const int in_row_step = dil_h * in_w * c;
    const int in_col_step = dil_w * c;
    /* Outputs whose window is inside the input horizontally: ox in [ox_lo, ox_hi). */
    const int ox_lo = (pad_left + stride_w - 1) / stride_w;
    int ox_hi = in_w - 1 - span_w + pad_left >= 0 ? (in_w - 1 - span_w + pad_left) / stride_w + 1 : 0;
    const uint32x4_t lanes = vidupq_n_u32(0, 1);
    const uint32x4_t offs = vmulq_n_u32(lanes, (uint32_t)(stride_w * c));
    const uint16x8_t scatter = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)c);
    int ch, oy, ox, t, p;
    if (ox_hi > out_w) ox_hi = out_w;

    for (ch = 0; ch < c; ++ch) {
        const uint32_t b = bias ? (uint32_t)bias[ch] : 0u;
        const int32_t mult = out_mult[ch];
        const int shift = out_shift[ch];
        const int32x4_t vmult = vdupq_n_s32(mult), vshift = vdupq_n_s32(shift);
        uint32_t wsum = 0;
        int32_t b_full;
        for (t = 0; t < k_h * k_w; ++t) wsum += (uint32_t)w[t * c + ch];
        b_full = (int32_t)(b - (uint32_t)in_zp * wsum);
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int8_t *trow = temp + oy * out_w;
            const int row_in = iy0 >= 0 && iy0 + (k_h - 1) * dil_h < in_h;
            const int v_lo = row_in ? ox_lo : out_w, v_hi = row_in ? ox_hi : out_w;
            for (ox = 0; ox < out_w; ++ox) {
                if (ox == v_lo && v_lo < v_hi) {
                    /* Four outputs at a time over [v_lo, v_hi). */
                    for (; ox < v_hi; ox += 4) {
                        const mve_pred16_t pr = vctp32q((uint32_t)(v_hi - ox));
                        const int8_t *x0 = buf + (iy0 * in_w + ox * stride_w - pad_left) * c + ch;
                        const int8_t *wc = w + ch;
                        int32x4_t acc = vdupq_n_s32(b_full);
                        int ky, kx;
                        for (ky = 0; ky < k_h; ++ky) {
                            const int8_t *xr = x0 + ky * in_row_step;
                            for (kx = 0; kx < k_w; ++kx) {
                                acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(xr + kx * in_col_step, offs, pr), (int32_t)*wc);
                                wc += c;
                            }
                        }
                        vstrbq_p_s32(trow + ox, tinyfit_mve_finish(tinyfit_mve_requant(acc, vmult, vshift), out_zp, act_min, act_max), pr);
                    }
                    ox = v_hi;
                    if (ox >= out_w) break;
                }
                trow[ox] = tinyfit_dwi_scalar(buf, in_h, in_w, c, ch, in_zp, w, b, k_h, k_w, dil_h, dil_w, iy0, ox * stride_w - pad_left, out_zp,
                                              mult, shift, act_min, act_max);
            }
        }
        /* Input channel ch is dead: its slots become output channel ch, eight per scatter store. */
        for (p = 0; p < n_out; p += 8) {
            const mve_pred16_t pr = vctp16q((uint32_t)(n_out - p));
            vstrbq_scatter_offset_p_s16(buf + p * c + ch, scatter, vldrbq_z_s16(temp + p, pr), pr);
        }
    }
}
