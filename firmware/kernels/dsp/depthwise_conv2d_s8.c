/*
 * Int8 depthwise convolution for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable
 * kernel's signature and results (depthwise_conv2d_s8.h). With one output per input channel (depth multiplier
 * 1) four channels run side by side: their input and weight bytes of a tap are loaded as one word each,
 * widened to int16 lanes (dot_s8.h) and multiplied lane by lane into four accumulators (SMLABB / SMLATT:
 * 16 x 16 + 32, modulo 2^32 like the portable sums). Other depth multipliers and the last channels take the
 * portable loop. A 3x3 layer without dilation whose output does not overlap its input (e.g. inside a patch stage)
 * goes channel by channel through the ring of widened lines (dw3x3_rows_s8.h) instead: channel order is safe only
 * when no output byte is an input byte another channel still reads.
 */
#include "depthwise_conv2d_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dot_s8.h"
#include "dw3x3_rows_s8.h"

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
    const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
    const int simd_c = depth_mult == 1 ? in_c & ~3 : 0;
    int ry, rx, ic, m, ky, kx;

#if TINYFIT_DW_ROW_MAX > 0
    if (depth_mult == 1 && tinyfit_dw3x3_fits(k_h, k_w, dil_h, dil_w, out_h, out_w, stride_h, stride_w)) {
        const uintptr_t o0 = (uintptr_t)out, o1 = o0 + (uintptr_t)((out_h * out_w - 1) * out_stride + in_c);
        const uintptr_t i0 = (uintptr_t)in, i1 = i0 + (uintptr_t)((in_h * in_w - 1) * in_stride + in_c);
        if (o1 <= i0 || i1 <= o0) {
            for (ic = 0; ic < in_c; ++ic) {
                tinyfit_dw3x3_channel(in, in_h, in_w, in_stride, in_c, ic, in_zp, w, bias, stride_h, stride_w, pad_top,
                                      pad_left, out_h, out_w, out + ic, out_stride, 0, out_zp, out_mult[ic], out_shift[ic],
                                      act_min, act_max);
            }
            return;
        }
    }
#endif

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
            for (ic = 0; ic < simd_c; ic += 4) {
                uint32_t a0 = bias ? (uint32_t)bias[ic] : 0u;
                uint32_t a1 = bias ? (uint32_t)bias[ic + 1] : 0u;
                uint32_t a2 = bias ? (uint32_t)bias[ic + 2] : 0u;
                uint32_t a3 = bias ? (uint32_t)bias[ic + 3] : 0u;
                for (ky = 0; ky < n_ky; ++ky) {
                    const int8_t *in_row = in_tap0 + ic + ky * in_row_step;
                    const int8_t *w_row = w + w_tap0 + ic + ky * w_row_step;
                    for (kx = 0; kx < n_kx; ++kx) {
                        const uint32_t x = tinyfit_dsp_load4(in_row + kx * in_col_step);
                        const uint32_t u = tinyfit_dsp_load4(w_row + kx * out_c);
                        const uint32_t xe = __ssub16(__sxtb16(x), zp2);             /* channels 0, 2 */
                        const uint32_t xo = __ssub16(__sxtb16(tinyfit_dsp_ror8(x)), zp2); /* channels 1, 3 */
                        const uint32_t ue = __sxtb16(u);
                        const uint32_t uo = __sxtb16(tinyfit_dsp_ror8(u));
                        a0 = (uint32_t)__smlabb((int32_t)xe, (int32_t)ue, (int32_t)a0);
                        a2 = (uint32_t)__smlatt((int32_t)xe, (int32_t)ue, (int32_t)a2);
                        a1 = (uint32_t)__smlabb((int32_t)xo, (int32_t)uo, (int32_t)a1);
                        a3 = (uint32_t)__smlatt((int32_t)xo, (int32_t)uo, (int32_t)a3);
                    }
                }
                out_px[ic] = TINYFIT_DSP_OUT(a0, out_mult[ic], out_shift[ic], out_zp, act_min, act_max);
                out_px[ic + 1] = TINYFIT_DSP_OUT(a1, out_mult[ic + 1], out_shift[ic + 1], out_zp, act_min, act_max);
                out_px[ic + 2] = TINYFIT_DSP_OUT(a2, out_mult[ic + 2], out_shift[ic + 2], out_zp, act_min, act_max);
                out_px[ic + 3] = TINYFIT_DSP_OUT(a3, out_mult[ic + 3], out_shift[ic + 3], out_zp, act_min, act_max);
            }
            for (ic = simd_c; ic < in_c; ++ic) {
                const int8_t *in_ic = in_tap0 + ic;
                for (m = 0; m < depth_mult; ++m) {
                    const int oc = ic * depth_mult + m;
                    const int8_t *w_oc = w + w_tap0 + oc;
                    uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const int8_t *in_row = in_ic + ky * in_row_step;
                        const int8_t *w_row = w_oc + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            acc += (uint32_t)(((int32_t)in_row[kx * in_col_step] - in_zp) * (int32_t)w_row[kx * out_c]);
                        }
                    }
                    out_px[oc] = TINYFIT_DSP_OUT(acc, out_mult[oc], out_shift[oc], out_zp, act_min, act_max);
                }
            }
        }
    }
}
