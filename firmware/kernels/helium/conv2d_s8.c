/*
 * Int8 2-D convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (conv2d_s8.h). Each output pixel's window is copied into one contiguous run with the taps outside the input
 * set to the input zero point (im2col), so that every pixel, border or not, is one whole-window row of
 * VMLADAVA.S8 dot products against the output channels' weight rows, four channels per input load, with the
 * input zero point folded into the biases once per call (gemm_mve_s8.h); four accumulators are requantized
 * together (requant_mve_s8.h). The window is copied before any output of the pixel is written, so the
 * streaming contract's overlaps (conv2d_f32.h) hold as in the portable kernel.
 *
 * Windows larger than TINYFIT_MVE_COL_MAX bytes, more than TINYFIT_MVE_OC_MAX output channels, or an input zero
 * point outside int8 (no padding byte represents it) take the portable loop.
 */
#include "conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "gemm_mve_s8.h"
#include "window.h"

/* The portable computation of one output pixel (conv2d_s8.c). */
static void tinyfit_conv_px_scalar(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp, const int8_t *w,
                                   const int32_t *bias, int out_c, int k_h, int k_w, int dil_h, int dil_w, int iy0, int ix0,
                                   int8_t *out_px, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                                   int32_t act_min, int32_t act_max)
{
    int ky_lo, ky_hi, kx_lo, kx_hi, oc, ky, kx, ic;
    tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
    tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
    for (oc = 0; oc < out_c; ++oc) {
        uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
        int32_t y;
        for (ky = ky_lo; ky < ky_hi; ++ky)
            for (kx = kx_lo; kx < kx_hi; ++kx) {
                const int8_t *x = in + ((iy0 + ky * dil_h) * in_w + ix0 + kx * dil_w) * in_stride;
                const int8_t *wt = w + ((oc * k_h + ky) * k_w + kx) * in_c;
                for (ic = 0; ic < in_c; ++ic) acc += (uint32_t)(((int32_t)x[ic] - in_zp) * (int32_t)wt[ic]);
            }
        y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
        y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
        out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
    }
}

/* The window of the pixel whose first tap is (iy0, ix0) into col, k_h·k_w·in_c bytes, padding = zp. */
static inline void tinyfit_conv_im2col(int8_t *col, const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int k_h, int k_w,
                                       int dil_h, int dil_w, int iy0, int ix0, int8x16_t zp)
{
    const int row = k_w * in_c;
    int ky_lo, ky_hi, kx_lo, kx_hi, ky, kx;
    tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
    tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
    if (kx_lo >= kx_hi) ky_hi = ky_lo;
    if (ky_lo > 0) tinyfit_gemm_fill(col, zp, ky_lo * row);
    if (ky_hi < k_h) tinyfit_gemm_fill(col + ky_hi * row, zp, (k_h - ky_hi) * row);
    for (ky = ky_lo; ky < ky_hi; ++ky) {
        int8_t *dst = col + ky * row;
        const int8_t *src = in + ((iy0 + ky * dil_h) * in_w + ix0) * in_stride;
        if (kx_lo > 0) tinyfit_gemm_fill(dst, zp, kx_lo * in_c);
        if (kx_hi < k_w) tinyfit_gemm_fill(dst + kx_hi * in_c, zp, (k_w - kx_hi) * in_c);
        if (dil_w == 1 && in_stride == in_c) {
            tinyfit_gemm_copy(dst + kx_lo * in_c, src + kx_lo * in_c, (kx_hi - kx_lo) * in_c);
        } else {
            for (kx = kx_lo; kx < kx_hi; ++kx) tinyfit_gemm_copy(dst + kx * in_c, src + kx * dil_w * in_stride, in_c);
        }
    }
}

void tinyfit_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                       const int8_t *w, const int32_t *bias, int out_c,
                       int k_h, int k_w, int stride_h, int stride_w,
                       int dil_h, int dil_w, int pad_top, int pad_left,
                       int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max, int reverse)
{
    const int K = k_h * k_w * in_c;
    const int vec = K <= TINYFIT_MVE_COL_MAX && out_c <= TINYFIT_MVE_OC_MAX && in_zp >= -128 && in_zp <= 127;
    const int8x16_t zp = vdupq_n_s8((int8_t)in_zp);
    int32_t be[TINYFIT_MVE_OC_MAX];
    int32_t sums[TINYFIT_MVE_OC_MAX];
    int8_t col[TINYFIT_MVE_COL_MAX];
    int ry, rx;

    if (vec) tinyfit_gemm_bias(w, K, bias, out_c, in_zp, be);
    for (ry = 0; ry < out_h; ++ry) {
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int iy0 = oy * stride_h - pad_top;
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int ix0 = ox * stride_w - pad_left;
            int8_t *out_px = out + (oy * out_w + ox) * out_stride;
            if (!vec) {
                tinyfit_conv_px_scalar(in, in_h, in_w, in_c, in_stride, in_zp, w, bias, out_c, k_h, k_w, dil_h, dil_w, iy0, ix0, out_px, out_zp,
                                       out_mult, out_shift, act_min, act_max);
                continue;
            }
            if (K >= 16) {
                /* A 1x1 window inside the input is the input pixel's in_c bytes: no copy. */
                const int direct = k_h == 1 && k_w == 1 && iy0 >= 0 && iy0 < in_h && ix0 >= 0 && ix0 < in_w;
                if (!direct) tinyfit_conv_im2col(col, in, in_h, in_w, in_c, in_stride, k_h, k_w, dil_h, dil_w, iy0, ix0, zp);
                tinyfit_gemm_pixel2(direct ? in + (iy0 * in_w + ix0) * in_stride : col, K, w, out_c, be, sums, out_px, out_mult, out_shift,
                                    out_zp, act_min, act_max);
                continue;
            }
            tinyfit_conv_im2col(col, in, in_h, in_w, in_c, in_stride, k_h, k_w, dil_h, dil_w, iy0, ix0, zp);
            tinyfit_gemm_pixel(col, K, w, out_c, be, out_px, out_mult, out_shift, out_zp, act_min, act_max);
        }
    }
}
