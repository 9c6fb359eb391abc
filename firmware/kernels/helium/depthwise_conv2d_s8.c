/*
 * Int8 depthwise 2-D convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (depthwise_conv2d_s8.h). With depth multiplier 1 (every MLPerf Tiny model) each output pixel is computed four
 * channels at a time in int32 lanes: channels are innermost (NHWC), so a tap's four inputs and four weights are
 * contiguous bytes, loaded sign-extended by VLDRB.S32 and multiplied lane by lane (products and sums modulo 2^32
 * like the portable int32 sum); channel tails are predicated (VCTP.32). A 3x3 window fully inside the input is
 * unrolled. The input zero point is taken out: Σ (in − zp)·w = Σ in·w − zp·Σ w, with Σ w over the whole
 * window summed once per call for each channel (up to TINYFIT_MVE_WSUM_MAX channels, on the stack) and
 * summed with the products for border pixels. Other depth multipliers take the portable loop.
 */
#include "depthwise_conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "requant_mve_s8.h"
#include "window.h"

#ifndef TINYFIT_MVE_WSUM_MAX
#define TINYFIT_MVE_WSUM_MAX 256
#endif

/* The portable loop (depthwise_conv2d_s8.c) for one output pixel, any depth multiplier. */
static void tinyfit_dw_pixel_scalar(const int8_t *in_tap0, int in_c, int32_t in_zp, const int8_t *w, int w_tap0, const int32_t *bias,
                                    int depth_mult, int n_ky, int n_kx, int in_row_step, int in_col_step, int w_row_step,
                                    int8_t *out_px, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                                    int32_t act_min, int32_t act_max)
{
    const int out_c = in_c * depth_mult;
    int ic, m, ky, kx;
    for (ic = 0; ic < in_c; ++ic) {
        for (m = 0; m < depth_mult; ++m) {
            const int oc = ic * depth_mult + m;
            const int8_t *w_oc = w + w_tap0 + oc;
            uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
            int32_t y;
            for (ky = 0; ky < n_ky; ++ky) {
                const int8_t *in_row = in_tap0 + ic + ky * in_row_step;
                const int8_t *w_row = w_oc + ky * w_row_step;
                for (kx = 0; kx < n_kx; ++kx) {
                    acc += (uint32_t)(((int32_t)in_row[kx * in_col_step] - in_zp) * (int32_t)w_row[kx * out_c]);
                }
            }
            y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
            y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
            out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        }
    }
}

void tinyfit_depthwise_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                 const int8_t *w, const int32_t *bias, int depth_mult,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int dil_h, int dil_w, int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max, int reverse)
{
    const int out_c = in_c * depth_mult;
    const int w_row_step = k_w * out_c;
    const int in_row_step = dil_h * in_w * in_stride;
    const int in_col_step = dil_w * in_stride;
    const int32_t neg_zp = (int32_t)(0u - (uint32_t)in_zp);
    const int vec = depth_mult == 1;
    const int cached = vec && in_zp != 0 && out_c <= TINYFIT_MVE_WSUM_MAX;
    const int three = k_h == 3 && k_w == 3;
    int32_t wsum[TINYFIT_MVE_WSUM_MAX];
    int ry, rx, ch, t;

    if (cached) {
        for (ch = 0; ch < out_c; ch += 4) {
            const mve_pred16_t p = vctp32q((uint32_t)(out_c - ch));
            int32x4_t s = vdupq_n_s32(0);
            for (t = 0; t < k_h * k_w; ++t) s = vaddq_s32(s, vldrbq_z_s32(w + t * out_c + ch, p));
            vstrwq_p_s32(wsum + ch, s, p);
        }
    }

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
            int kx_lo, kx_hi, n_ky, n_kx, full;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * out_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            if (!vec) {
                tinyfit_dw_pixel_scalar(in_tap0, in_c, in_zp, w, w_tap0, bias, depth_mult, n_ky, n_kx, in_row_step, in_col_step, w_row_step,
                                        out_px, out_zp, out_mult, out_shift, act_min, act_max);
                continue;
            }
            full = n_ky == k_h && n_kx == k_w;
            for (ch = 0; ch < out_c; ch += 4) {
                const mve_pred16_t p = vctp32q((uint32_t)(out_c - ch));
                const int8_t *x = in_tap0 + ch;
                const int8_t *wp = w + w_tap0 + ch;
                int32x4_t acc = bias ? vldrwq_z_s32(bias + ch, p) : vdupq_n_s32(0);
                int32x4_t s = vdupq_n_s32(0);
                if (full && three) {
                    const int8_t *x1 = x + in_row_step, *x2 = x1 + in_row_step;
                    const int8_t *wq1 = wp + w_row_step, *wq2 = wq1 + w_row_step;
                    int32x4_t w0 = vldrbq_z_s32(wp, p), w1 = vldrbq_z_s32(wp + out_c, p), w2 = vldrbq_z_s32(wp + 2 * out_c, p);
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x, p), w0));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x + in_col_step, p), w1));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x + 2 * in_col_step, p), w2));
                    if (!cached) s = vaddq_s32(vaddq_s32(w0, w1), w2);
                    w0 = vldrbq_z_s32(wq1, p); w1 = vldrbq_z_s32(wq1 + out_c, p); w2 = vldrbq_z_s32(wq1 + 2 * out_c, p);
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x1, p), w0));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x1 + in_col_step, p), w1));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x1 + 2 * in_col_step, p), w2));
                    if (!cached) s = vaddq_s32(s, vaddq_s32(vaddq_s32(w0, w1), w2));
                    w0 = vldrbq_z_s32(wq2, p); w1 = vldrbq_z_s32(wq2 + out_c, p); w2 = vldrbq_z_s32(wq2 + 2 * out_c, p);
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x2, p), w0));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x2 + in_col_step, p), w1));
                    acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(x2 + 2 * in_col_step, p), w2));
                    if (!cached) s = vaddq_s32(s, vaddq_s32(vaddq_s32(w0, w1), w2));
                } else {
                    int ky, kx;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *xr = x + ky * in_row_step;
                        const int8_t *wr = wp + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            const int32x4_t wv = vldrbq_z_s32(wr + kx * out_c, p);
                            acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(xr + kx * in_col_step, p), wv));
                            s = vaddq_s32(s, wv);
                        }
                    }
                }
                if (in_zp != 0) {
                    if (full && cached) s = vldrwq_z_s32(wsum + ch, p);
                    acc = vmlaq_n_s32(acc, s, neg_zp); /* − zp·Σw, modulo 2^32 */
                }
                tinyfit_mve_store4(out_px + ch, acc, out_mult, out_shift, ch, out_c - ch < 4 ? out_c - ch : 4, out_zp, act_min, act_max);
            }
        }
    }
}
