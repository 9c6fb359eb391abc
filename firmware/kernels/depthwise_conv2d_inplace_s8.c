#include "depthwise_conv2d_inplace_s8.h"
#include "fixedpoint_s8.h"
#include "window.h"

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
    const int in_row_step = dil_h * in_w * c; /* input elements between kernel rows */
    const int in_col_step = dil_w * c;        /* input elements between kernel columns */
    int ch, oy, ox, ky, kx, p;

    for (ch = 0; ch < c; ++ch) {
        const uint32_t b = bias ? (uint32_t)bias[ch] : 0u;
        const int32_t mult = out_mult[ch];
        const int shift = out_shift[ch];
        int8_t *t = temp;
        /* Output channel ch reads input channel ch only; its elements are still intact because
         * only the slots of channels < ch have been overwritten so far. */
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int ky_lo, ky_hi;
            tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_w; ++ox) {
                const int ix0 = ox * stride_w - pad_left;
                /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
                uint32_t acc = b;
                int32_t y;
                int kx_lo, kx_hi, n_ky, n_kx;
                tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
                n_ky = ky_hi - ky_lo;
                n_kx = kx_hi - kx_lo;
                if (n_kx <= 0) n_ky = 0;
                if (n_ky > 0) {
                    const int8_t *in_tap0 =
                        buf + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * c + ch;
                    const int8_t *w_tap0 = w + ky_lo * w_row_step + kx_lo * c + ch;
                    for (ky = 0; ky < n_ky; ++ky) {
                        /* Pointer bumps, no index products: the taps of one kernel row. */
                        const int8_t *x = in_tap0 + ky * in_row_step;
                        const int8_t *wk = w_tap0 + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            acc += (uint32_t)(((int32_t)*x - in_zp) * (int32_t)*wk);
                            x += in_col_step;
                            wk += c;
                        }
                    }
                }
                y = tinyfit_requant((int32_t)acc, mult, shift);
                y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                *t++ = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
            }
        }
        /* Input channel ch is dead: its slots become output channel ch. */
        for (p = 0; p < n_out; ++p) buf[p * c + ch] = temp[p];
    }
}
