/*
 * In-place int8 depthwise 2-D convolution for aarch64 Advanced SIMD (Raspberry Pi class Cortex-A cores): the
 * portable kernel's signature and results (depthwise_conv2d_inplace_s8.h). Channels are done in blocks of 16 or
 * 8 adjacent ones (the vector lanes, neon_s8.h dw): a block's outputs for every pixel are collected in a stack
 * buffer (at most TINYFIT_NEON_INPLACE_BYTES) and scattered into the block's slots once its input channels are
 * dead, as the portable kernel does one channel at a time with `temp`. The channels left over, or all of them
 * when a block of 8 does not fit the buffer, take the portable path (one channel through `temp`).
 */
#include "depthwise_conv2d_inplace_s8.h"
#include "window.h"
#include "neon_s8.h"

#ifndef TINYFIT_NEON_INPLACE_BYTES
#define TINYFIT_NEON_INPLACE_BYTES 32768
#endif

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
    const int16x8_t zp16 = vdupq_n_s16((int16_t)in_zp);
    const int vec_c = n_out * 8 <= TINYFIT_NEON_INPLACE_BYTES ? c & ~7 : 0; /* channels done in vector blocks */
    int8_t blk[TINYFIT_NEON_INPLACE_BYTES];
    int ch, oy, ox, p;

    for (ch = 0; ch < c;) {
        const int vec = ch < vec_c;
        const int n8 = vec && vec_c - ch >= 16 && n_out * 16 <= TINYFIT_NEON_INPLACE_BYTES ? 2 : 1;
        const int nb = vec ? 8 * n8 : 1; /* channels in this block */
        int8_t *t = vec ? blk : temp;
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int ky_lo, ky_hi;
            tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_w; ++ox) {
                const int ix0 = ox * stride_w - pad_left;
                const int8_t *in_tap0 = buf + ch;
                const int8_t *w_tap0 = w + ch;
                int kx_lo, kx_hi, n_ky, n_kx;
                tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
                n_ky = ky_hi - ky_lo;
                n_kx = kx_hi - kx_lo;
                if (n_kx <= 0) n_ky = 0;
                if (n_ky > 0) {
                    in_tap0 = buf + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * c + ch;
                    w_tap0 = w + ky_lo * w_row_step + kx_lo * c + ch;
                }
                if (vec) {
                    int32x4_t acc[4];
                    acc[0] = acc[1] = acc[2] = acc[3] = vdupq_n_s32(0);
                    tinyfit_neon_dw(in_tap0, in_row_step, in_col_step, w_tap0, w_row_step, c, n_ky, n_kx, zp16, n8, acc);
                    tinyfit_neon_store_n(t, acc[0], acc[1], 8, bias, out_mult, out_shift, ch, out_zp, act_min, act_max);
                    if (n8 == 2)
                        tinyfit_neon_store_n(t + 8, acc[2], acc[3], 8, bias, out_mult, out_shift, ch + 8, out_zp, act_min,
                                            act_max);
                } else {
                    *t = tinyfit_neon_dw1(in_tap0, in_row_step, in_col_step, w_tap0, w_row_step, c, n_ky, n_kx, in_zp,
                                          bias ? (uint32_t)bias[ch] : 0u, out_mult[ch], out_shift[ch], out_zp,
                                          act_min, act_max);
                }
                t += nb;
            }
        }
        /* Input channels [ch, ch + nb) are dead: their slots become the block's output channels. */
        if (n8 == 2 && vec) {
            for (p = 0; p < n_out; ++p) vst1q_s8(buf + p * c + ch, vld1q_s8(blk + p * 16));
        } else if (vec) {
            for (p = 0; p < n_out; ++p) vst1_s8(buf + p * c + ch, vld1_s8(blk + p * 8));
        } else {
            for (p = 0; p < n_out; ++p) buf[p * c + ch] = temp[p];
        }
        ch += nb;
    }
}
