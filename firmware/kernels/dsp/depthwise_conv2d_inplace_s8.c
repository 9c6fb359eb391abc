/*
 * In-place int8 depthwise convolution for the Cortex-M DSP targets: the portable kernel's signature and results
 * (depthwise_conv2d_inplace_s8.h; one channel at a time through `temp`). 3x3 windows without dilation whose padded
 * rows fit the ring code generation sized take the row-ring path (dw3x3_rows_s8.h). Otherwise, a 3x3 window
 * whose taps all lie inside the input — every output but the border ones — takes a fixed path: the channel's nine
 * weights are held in registers for the whole channel, the input zero point's share (zp · Σw) is folded into
 * the bias once per channel (Σ (in − zp)·w = Σ in·w − zp·Σw, modulo 2^32 like the portable sum), and the nine
 * products are unrolled. Border outputs and other windows take the portable loop.
 */
#include "depthwise_conv2d_inplace_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"
#include "dw3x3_rows_s8.h"

static inline int tinyfit_dw_ceil_div(int a, int b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
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
    const int fast = k_h == 3 && k_w == 3 && dil_h == 1 && dil_w == 1;
    /* Outputs whose whole window is inside: oy in [oy_lo, oy_hi), ox in [ox_lo, ox_hi). */
    const int oy_lo = tinyfit_dw_ceil_div(pad_top, stride_h);
    const int ox_lo = tinyfit_dw_ceil_div(pad_left, stride_w);
    int oy_hi = in_h - 3 + pad_top >= 0 ? (in_h - 3 + pad_top) / stride_h + 1 : 0;
    int ox_hi = in_w - 3 + pad_left >= 0 ? (in_w - 3 + pad_left) / stride_w + 1 : 0;
    int ch, oy, ox, ky, kx, p;
    if (oy_hi > out_h) oy_hi = out_h;
    if (ox_hi > out_w) ox_hi = out_w;
#if TINYFIT_DW_ROW_MAX > 0
    if (tinyfit_dw3x3_fits(k_h, k_w, dil_h, dil_w, out_h, out_w, stride_h, stride_w)) {
        /* Rows widened once per channel (dw3x3_rows_s8.h); the channel's plane goes through temp as below. */
        for (ch = 0; ch < c; ++ch) {
            /* temp holds the channel in the walk's order: rows, or columns for a tall map. */
            const int cols = tinyfit_dw3x3_channel(buf, in_h, in_w, c, c, ch, in_zp, w, bias, stride_h, stride_w, pad_top,
                                                   pad_left, out_h, out_w, temp, 1, 1, out_zp, out_mult[ch], out_shift[ch],
                                                   act_min, act_max);
            if (!cols) {
                int8_t *d = buf + ch;
                for (p = 0; p + 4 <= n_out; p += 4, d += 4 * c) {
                    d[0] = temp[p];
                    d[c] = temp[p + 1];
                    d[2 * c] = temp[p + 2];
                    d[3 * c] = temp[p + 3];
                }
                for (; p < n_out; ++p, d += c) *d = temp[p];
            } else {
                const int8_t *t = temp;
                for (ox = 0; ox < out_w; ++ox) {
                    int8_t *d = buf + ox * c + ch;
                    for (oy = 0; oy < out_h; ++oy, d += out_w * c) *d = *t++;
                }
            }
        }
        return;
    }
#endif

    for (ch = 0; ch < c; ++ch) {
        const uint32_t b = bias ? (uint32_t)bias[ch] : 0u;
        const int32_t mult = out_mult[ch];
        const int shift = out_shift[ch];
        int8_t *t = temp;
        int32_t w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0, w8 = 0;
        uint32_t b_full = b;
        if (fast) {
            const int8_t *wc = w + ch;
            w0 = wc[0]; w1 = wc[c]; w2 = wc[2 * c];
            w3 = wc[3 * c]; w4 = wc[4 * c]; w5 = wc[5 * c];
            w6 = wc[6 * c]; w7 = wc[7 * c]; w8 = wc[8 * c];
            b_full = b - (uint32_t)in_zp * (uint32_t)(w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8);
        }
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            const int row_fast = fast && oy >= oy_lo && oy < oy_hi;
            int ky_lo, ky_hi;
            tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_w; ++ox) {
                const int ix0 = ox * stride_w - pad_left;
                uint32_t acc = b;
                int32_t y;
                if (row_fast && ox >= ox_lo && ox < ox_hi) {
                    const int8_t *r0 = buf + (iy0 * in_w + ix0) * c + ch;
                    const int8_t *r1 = r0 + in_w * c;
                    const int8_t *r2 = r1 + in_w * c;
                    acc = b_full + (uint32_t)(r0[0] * w0 + r0[c] * w1 + r0[2 * c] * w2) + (uint32_t)(r1[0] * w3 + r1[c] * w4 + r1[2 * c] * w5) +
                          (uint32_t)(r2[0] * w6 + r2[c] * w7 + r2[2 * c] * w8);
                } else {
                    int kx_lo, kx_hi, n_ky, n_kx;
                    tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
                    n_ky = ky_hi - ky_lo;
                    n_kx = kx_hi - kx_lo;
                    if (n_kx <= 0) n_ky = 0;
                    if (n_ky > 0) {
                        const int8_t *in_tap0 = buf + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * c + ch;
                        const int8_t *w_tap0 = w + ky_lo * w_row_step + kx_lo * c + ch;
                        for (ky = 0; ky < n_ky; ++ky) {
                            const int8_t *in_row = in_tap0 + ky * in_row_step;
                            const int8_t *w_row = w_tap0 + ky * w_row_step;
                            for (kx = 0; kx < n_kx; ++kx) {
                                acc += (uint32_t)(((int32_t)in_row[kx * in_col_step] - in_zp) * (int32_t)w_row[kx * c]);
                            }
                        }
                    }
                }
                y = tinyfit_requant((int32_t)acc, mult, shift);
                y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                *t++ = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
            }
        }
        for (p = 0; p < n_out; ++p) buf[p * c + ch] = temp[p];
    }
}
