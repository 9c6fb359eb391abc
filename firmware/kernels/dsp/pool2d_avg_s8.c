/*
 * Int8 2-D average pooling for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the dsp variant of
 * pool2d_avg_s8.c, same signature, bit-exact (tests/kernels/isa/pool2d_avg_s8_check.c). Why: a window's sums
 * are four channels at a time. Four adjacent channels of a window cell are loaded as one word and sign-extended
 * in pairs to int16 lanes (SXTB16 of the word and of the word rotated by 8, as dsp/dot_s8.h does), and SADD16
 * adds both lanes at once. An int16 lane holds the sum of up to 256 int8 values (|sum| <= 32,768, and
 * -128 * 256 = -32,768 is the lane's minimum), so windows of at most 256 in-bounds cells use the lanes; larger
 * windows and the channels left over (c mod 4) are summed in int32 per channel. The rounding division and the
 * clamp are the portable kernel's. Arm ACLE intrinsics (arm_acle.h).
 */
#include "pool2d_avg_s8.h"
#include "dot_s8.h"

/* (sum + count/2) / count rounding halves away from zero, clamped: the output of one channel. */
static inline int8_t tinyfit_pool2d_avg_s8_out(int32_t sum, int32_t count, int32_t act_min, int32_t act_max)
{
    sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    return (int8_t)(sum < act_min ? act_min : (sum > act_max ? act_max : sum));
}

/* Lane 0 and lane 1 of a word of int16 lanes, sign-extended. */
static inline int32_t tinyfit_pool2d_avg_s8_lo(uint32_t v)
{
    return (int16_t)(uint16_t)(v & 0xFFFFu);
}
static inline int32_t tinyfit_pool2d_avg_s8_hi(uint32_t v)
{
    return (int16_t)(uint16_t)(v >> 16);
}

void tinyfit_pool2d_avg_s8(const int8_t *in, int in_h, int in_w, int c, int in_stride,
                           int pool_h, int pool_w, int stride_h, int stride_w, int pad_top, int pad_left,
                           int8_t *out, int out_h, int out_w, int out_stride,
                           int32_t zp, int32_t act_min, int32_t act_max, int reverse)
{
    const int in_row_step = in_w * in_stride;
    const int32_t empty = zp < act_min ? act_min : (zp > act_max ? act_max : zp);
    int ry, rx, iy, ix, ch;

    for (ry = 0; ry < out_h; ++ry) {
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int y0 = oy * stride_h - pad_top;
        const int y_lo = y0 < 0 ? 0 : y0;
        const int y_hi = y0 + pool_h > in_h ? in_h : y0 + pool_h;
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int x0 = ox * stride_w - pad_left;
            const int x_lo = x0 < 0 ? 0 : x0;
            const int x_hi = x0 + pool_w > in_w ? in_w : x0 + pool_w;
            int8_t *out_px = out + (oy * out_w + ox) * out_stride;
            const int n_y = y_hi - y_lo, n_x = x_hi - x_lo;
            const int32_t count = (int32_t)n_y * (int32_t)n_x;
            const int8_t *in_win;

            if (n_y <= 0 || n_x <= 0) {
                for (ch = 0; ch < c; ++ch) out_px[ch] = (int8_t)empty;
                continue;
            }
            in_win = in + (y_lo * in_w + x_lo) * in_stride;
            ch = 0;
            /* The int32 sums do not fit the int8 slots: the channels of this pixel are written after their window is read. */
            if (count <= 256) {
                for (; ch + 4 <= c; ch += 4) {
                    uint32_t even = 0, odd = 0; /* lanes: channels ch, ch+2 and ch+1, ch+3 */
                    for (iy = 0; iy < n_y; ++iy) {
                        const int8_t *p = in_win + iy * in_row_step + ch;
                        for (ix = 0; ix < n_x; ++ix) {
                            const uint32_t v = tinyfit_dsp_load4(p);
                            even = __sadd16(even, __sxtb16(v));
                            odd = __sadd16(odd, __sxtb16(tinyfit_dsp_ror8(v)));
                            p += in_stride;
                        }
                    }
                    out_px[ch] = tinyfit_pool2d_avg_s8_out(tinyfit_pool2d_avg_s8_lo(even), count, act_min, act_max);
                    out_px[ch + 1] = tinyfit_pool2d_avg_s8_out(tinyfit_pool2d_avg_s8_lo(odd), count, act_min, act_max);
                    out_px[ch + 2] = tinyfit_pool2d_avg_s8_out(tinyfit_pool2d_avg_s8_hi(even), count, act_min, act_max);
                    out_px[ch + 3] = tinyfit_pool2d_avg_s8_out(tinyfit_pool2d_avg_s8_hi(odd), count, act_min, act_max);
                }
            }
            for (; ch < c; ++ch) {
                int32_t sum = 0;
                for (iy = 0; iy < n_y; ++iy) {
                    const int8_t *p = in_win + iy * in_row_step + ch;
                    for (ix = 0; ix < n_x; ++ix) {
                        sum += *p;
                        p += in_stride;
                    }
                }
                out_px[ch] = tinyfit_pool2d_avg_s8_out(sum, count, act_min, act_max);
            }
        }
    }
}
