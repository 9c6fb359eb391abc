/*
 * In-place int8 depthwise convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (depthwise_conv2d_inplace_s8.h; `temp` holds out_h·out_w bytes).
 *
 * Main scheme, channel groups in a ring: channels are taken G at a time (G <= 16, a multiple of 4) and the
 * outputs computed pixel by pixel in raster order, four channels per int32 vector (tinyfit_dw_mve_pixel,
 * depthwise_mve_s8.h: contiguous loads, a whole 3x3 window unrolled). Output p goes to slot p of a ring of R·G
 * bytes in `temp` and is committed to buf[p][group] as soon as no later output reads input pixel p (a bound on
 * the first input pixel each later output reads, tinyfit_dwi_needed_after); R is one more than the most outputs
 * ever pending, found by the same bound before the first group, and G the largest that fits R·G <= out_h·out_w.
 * Only the group's channels of input pixel p are overwritten, so later groups still read intact inputs.
 *
 * Fallback when not even four channels fit: one channel at a time through `temp` as the portable kernel; four
 * horizontally adjacent outputs whose windows lie inside the input are computed together in int32 lanes, each
 * tap's four inputs (stride_w·c bytes apart) from one gather load (VLDRB.S32 with a vector of offsets) times the
 * tap's weight, a scalar (VMLA.S32 by a general register); the input zero point's share is folded into the bias
 * once per channel (Σ (in − zp)·w = Σ in·w − zp·Σ w); outputs near the border take the portable loop; the
 * channel's outputs are scattered into its slots eight per scatter store (VSTRB.16 with a vector of offsets).
 * All sums are modulo 2^32 like the portable int32 sum.
 */
#include "depthwise_conv2d_inplace_s8.h"
#include "fixedpoint_s8.h"
#include "depthwise_mve_s8.h"
#include "window.h"

#ifndef TINYFIT_MVE_WSUM_MAX
#define TINYFIT_MVE_WSUM_MAX 256
#endif

/* Channels per group of the ring scheme (at most 16: one predicated byte vector per commit). */
#define TINYFIT_DWI_GROUP 16

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

/* One channel at a time through temp (n_out bytes): the scheme when no channel group fits (see the top). */
static void tinyfit_dwi_by_channel(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp, const int8_t *w, const int32_t *bias,
                                   int k_h, int k_w, int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left,
                                   int out_h, int out_w, int8_t *temp, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
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

/*
 * Lower bound of the input pixels (row-major indices) that the outputs after output (oy, ox) read: output (y, x)
 * reads rows >= max(iy0, 0) and, in that row, columns >= max(ix0, 0); the bound grows along rows and from row
 * to row.
 */
static inline int tinyfit_dwi_needed_after(int oy, int ox, int out_h, int out_w, int in_w, int stride_h, int stride_w,
                                           int pad_top, int pad_left, int n_out)
{
    int next_row = n_out * 2 + in_w; /* nothing left to read */
    int here = next_row;
    if (oy + 1 < out_h) {
        const int iy = (oy + 1) * stride_h - pad_top;
        next_row = (iy > 0 ? iy : 0) * in_w;
    }
    if (ox + 1 < out_w) {
        const int iy = oy * stride_h - pad_top, ix = (ox + 1) * stride_w - pad_left;
        here = (iy > 0 ? iy : 0) * in_w + (ix > 0 ? ix : 0);
    }
    return here < next_row ? here : next_row;
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
    const int w_row_step = k_w * c;
    const int in_row_step = dil_h * in_w * c;
    const int in_col_step = dil_w * c;
    const int three = k_h == 3 && k_w == 3;
    int32_t wsum[TINYFIT_MVE_WSUM_MAX];
    const int32_t *ws = c <= TINYFIT_MVE_WSUM_MAX && in_zp != 0 ? wsum : (const int32_t *)0;
    int ring = 1, g_n, ch0, oy, ox, q;

    /* Ring slots: 1 + the most outputs computed but not yet committable. */
    for (q = 0, oy = 0; oy < out_h; ++oy)
        for (ox = 0; ox < out_w; ++ox, ++q) {
            const int pending = q + 1 - tinyfit_dwi_needed_after(oy, ox, out_h, out_w, in_w, stride_h, stride_w, pad_top, pad_left, n_out);
            if (pending + 1 > ring) ring = pending + 1;
        }
    g_n = n_out / ring;
    if (g_n > TINYFIT_DWI_GROUP) g_n = TINYFIT_DWI_GROUP;
    if (g_n > 4) g_n &= ~3;
    if (g_n < 1 || (g_n < 4 && c > g_n)) {
        tinyfit_dwi_by_channel(buf, in_h, in_w, c, in_zp, w, bias, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left,
                               out_h, out_w, temp, out_zp, out_mult, out_shift, act_min, act_max);
        return;
    }
    if (ws) tinyfit_dw_mve_wsum(w, c, k_h * k_w, wsum);

    for (ch0 = 0; ch0 < c; ch0 += g_n) {
        const int ch1 = ch0 + g_n < c ? ch0 + g_n : c;
        const mve_pred16_t pc = vctp8q((uint32_t)(ch1 - ch0));
        int committed = 0, slot = 0, cslot = 0;
        for (q = 0, oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int ky_lo, ky_hi;
            tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_w; ++ox, ++q) {
                const int ix0 = ox * stride_w - pad_left;
                int kx_lo, kx_hi, n_ky, n_kx, full, lim;
                const int8_t *in_tap0 = buf;
                int w_tap0 = 0;
                tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
                n_ky = ky_hi - ky_lo;
                n_kx = kx_hi - kx_lo;
                if (n_kx <= 0) n_ky = 0;
                if (n_ky > 0) {
                    w_tap0 = ky_lo * w_row_step + kx_lo * c;
                    in_tap0 = buf + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * c;
                }
                full = n_ky == k_h && n_kx == k_w;
                tinyfit_dw_mve_pixel(in_tap0, w + w_tap0, ch0, ch1, n_ky, n_kx, full && three, in_row_step, in_col_step, w_row_step, c, bias,
                                     full ? ws : (const int32_t *)0, in_zp, temp + slot * g_n, out_zp, out_mult, out_shift, act_min, act_max);
                if (++slot == ring) slot = 0;
                /* Commit the outputs whose slots no later output reads (this group's channels only). */
                lim = tinyfit_dwi_needed_after(oy, ox, out_h, out_w, in_w, stride_h, stride_w, pad_top, pad_left, n_out);
                if (lim > q + 1) lim = q + 1;
                for (; committed < lim; ++committed) {
                    vstrbq_p_s8(buf + committed * c + ch0, vldrbq_z_s8(temp + cslot * g_n, pc), pc);
                    if (++cslot == ring) cslot = 0;
                }
            }
        }
    }
}
