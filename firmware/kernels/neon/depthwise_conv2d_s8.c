/*
 * Int8 depthwise 2-D convolution for aarch64 Advanced SIMD (Raspberry Pi class Cortex-A cores): the portable
 * kernel's signature and results (depthwise_conv2d_s8.h). With depth multiplier 1 the channels (innermost in
 * NHWC) are the vector lanes: 16, then 8 adjacent channels per pass over the window (neon_s8.h dw), the
 * remaining channels and other depth multipliers one at a time.
 */
#include "depthwise_conv2d_s8.h"
#include "window.h"
#include "neon_s8.h"

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
    const int16x8_t zp16 = vdupq_n_s16((int16_t)in_zp);
    const int vec_c = depth_mult == 1 ? in_c & ~7 : 0; /* channels done in vectors */
    int ry, rx, ic, m;

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
                w_tap0 = ky_lo * w_row_step + kx_lo * out_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            for (ic = 0; ic < vec_c;) {
                const int n8 = vec_c - ic >= 16 ? 2 : 1;
                int32x4_t acc[4];
                acc[0] = acc[1] = acc[2] = acc[3] = vdupq_n_s32(0);
                tinyfit_neon_dw(in_tap0 + ic, in_row_step, in_col_step, w + w_tap0 + ic, w_row_step, out_c, n_ky, n_kx,
                                zp16, n8, acc);
                tinyfit_neon_store_n(out_px + ic, acc[0], acc[1], 8, bias, out_mult, out_shift, ic, out_zp, act_min, act_max);
                if (n8 == 2)
                    tinyfit_neon_store_n(out_px + ic + 8, acc[2], acc[3], 8, bias, out_mult, out_shift, ic + 8, out_zp,
                                        act_min, act_max);
                ic += 8 * n8;
            }
            for (ic = vec_c; ic < in_c; ++ic) {
                for (m = 0; m < depth_mult; ++m) {
                    const int oc = ic * depth_mult + m;
                    out_px[oc] = tinyfit_neon_dw1(in_tap0 + ic, in_row_step, in_col_step, w + w_tap0 + oc, w_row_step,
                                                  out_c, n_ky, n_kx, in_zp, bias ? (uint32_t)bias[oc] : 0u,
                                                  out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                }
            }
        }
    }
}
