#ifndef TINYFIT_NEON_S8_H
#define TINYFIT_NEON_S8_H

/*
 * Int8 building blocks for the aarch64 Advanced SIMD (NEON) kernel variants (Raspberry Pi 3/4/5 class cores:
 * Cortex-A53, A72, A76), base Armv8.0-A instructions only (no SDOT: the A72 lacks it). Arm ACLE NEON
 * intrinsics (arm_neon.h). Header only, static inline.
 *
 * Dot products: the input is widened to int16 with the zero point taken off in one SSUBW (zp - in; |in - zp|
 * <= 255 fits int16 for any int8 zero point) and multiplied with the widened weights by SMLSL (acc - (zp - in)
 * * w = acc + (in - zp) * w), each product exact in int32 and the sums modulo 2^32 like the portable kernels'
 * uint32 accumulators (the order of a modular sum does not change it).
 *
 * Requantization, four lanes at once, the same rounding as fixedpoint_s8.h:
 * - default double rounding (TFLite MultiplyByQuantizedMultiplier): SSHL by max(shift, 0) (a left shift that
 *   wraps like the scalar one), SQRDMULH (exactly gemmlowp's SaturatingRoundingDoublingHighMul, saturation of
 *   INT32_MIN * INT32_MIN included), then RoundingDivideByPOT as gemmlowp's NEON path does it: a negative
 *   value is lowered by one (saturating) before SRSHL's round-half-up right shift, which makes ties round away
 *   from zero;
 * - TINYFIT_SINGLE_ROUNDING: the 64-bit product (SMULL) shifted right by 31 - shift with rounding (SRSHL on
 *   64-bit lanes, exact) and truncated to 32 bits like the scalar cast;
 * - TINYFIT_SHIFT_ROUNDING: SRSHL by shift - 1 (a wrapping left shift, or an exact round-half-up right shift).
 */
#include <stdint.h>
#include <string.h>
#include <arm_neon.h>
#include "fixedpoint_s8.h"

/* The dot-product helpers must be inlined for their accumulators to stay in registers. */
#if defined(__GNUC__) || defined(__clang__)
#define TINYFIT_NEON_INLINE static inline __attribute__((always_inline))
#else
#define TINYFIT_NEON_INLINE static inline
#endif

/* x * 2^shift * mult / 2^31 rounded, per lane (see above). */
static inline int32x4_t tinyfit_neon_requant(int32x4_t x, int32x4_t mult, int32x4_t shift)
{
#if defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING
    (void)mult;
    return vrshlq_s32(x, vsubq_s32(shift, vdupq_n_s32(1)));
#elif defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING
    const int32x4_t neg_total = vsubq_s32(shift, vdupq_n_s32(31));
    const int64x2_t lo = vrshlq_s64(vmull_s32(vget_low_s32(x), vget_low_s32(mult)), vmovl_s32(vget_low_s32(neg_total)));
    const int64x2_t hi = vrshlq_s64(vmull_high_s32(x, mult), vmovl_high_s32(neg_total));
    return vcombine_s32(vmovn_s64(lo), vmovn_s64(hi));
#else
    const int32x4_t left = vshlq_s32(x, vmaxq_s32(shift, vdupq_n_s32(0)));
    const int32x4_t neg_exp = vminq_s32(shift, vdupq_n_s32(0));
    const int32x4_t high = vqrdmulhq_s32(left, mult);
    const int32x4_t fixup = vshrq_n_s32(vandq_s32(high, neg_exp), 31);
    return vrshlq_s32(vqaddq_s32(high, fixup), neg_exp);
#endif
}

/* The output stage of four lanes: requantize, add the output zero point (modulo 2^32), clamp. */
static inline int32x4_t tinyfit_neon_output(int32x4_t acc, int32x4_t mult, int32x4_t shift, int32_t out_zp,
                                            int32_t act_min, int32_t act_max)
{
    const int32x4_t y = vaddq_s32(tinyfit_neon_requant(acc, mult, shift), vdupq_n_s32(out_zp));
    return vminq_s32(vmaxq_s32(y, vdupq_n_s32(act_min)), vdupq_n_s32(act_max));
}

/* Eight int32 lanes narrowed to int8 by truncation, like the scalar (int8_t) cast. */
static inline int8x8_t tinyfit_neon_narrow8(int32x4_t lo, int32x4_t hi)
{
    return vmovn_s16(vcombine_s16(vmovn_s32(lo), vmovn_s32(hi)));
}

/* Stores the first n (1..8) bytes of v at p. */
static inline void tinyfit_neon_store(int8_t *p, int8x8_t v, int n)
{
    if (n == 8) {
        vst1_s8(p, v);
    } else if (n == 4) {
        const uint32_t u = vget_lane_u32(vreinterpret_u32_s8(v), 0);
        memcpy(p, &u, 4);
    } else {
        int8_t tmp[8];
        int i;
        vst1_s8(tmp, v);
        for (i = 0; i < n; ++i) p[i] = tmp[i];
    }
}

/* Lanes [0, n) of per-channel multipliers and shifts from index i on (lanes past n repeat lane n - 1). */
static inline void tinyfit_neon_params(const int32_t *mult, const int8_t *shift, int i, int n, int per_channel,
                                       int32x4_t *m, int32x4_t *s)
{
    if (!per_channel) {
        *m = vdupq_n_s32(mult[0]);
        *s = vdupq_n_s32(shift[0]);
    } else if (n >= 4) {
        uint32_t u;
        memcpy(&u, shift + i, 4);
        *m = vld1q_s32(mult + i);
        *s = vmovl_s16(vget_low_s16(vmovl_s8(vreinterpret_s8_u32(vdup_n_u32(u)))));
    } else {
        int32_t mm[4], ss[4];
        int j;
        for (j = 0; j < 4; ++j) {
            const int k = i + (j < n ? j : n - 1);
            mm[j] = mult[k];
            ss[j] = shift[k];
        }
        *m = vld1q_s32(mm);
        *s = vld1q_s32(ss);
    }
}

/* Bias of lanes [0, n) from index i on (0 without bias; lanes past n are 0). */
static inline int32x4_t tinyfit_neon_bias(const int32_t *bias, int i, int n)
{
    int32_t b[4] = {0, 0, 0, 0};
    int j;
    if (!bias) return vdupq_n_s32(0);
    if (n >= 4) return vld1q_s32(bias + i);
    for (j = 0; j < n; ++j) b[j] = bias[i + j];
    return vld1q_s32(b);
}

/* Two int16x8 multiply-subtract-longs into a (a - d * w over eight lanes, four per instruction). */
#define TINYFIT_NEON_MLSL8(a, d, wv) ((a) = vmlsl_high_s16(vmlsl_s16((a), vget_low_s16(d), vget_low_s16(wv)), (d), (wv)))

/*
 * acc[j] += sum over i < n of (in[i] - zp) * w0[j * w_step + i], j < 4, for four weight rows (lanes of acc[j]
 * hold partial sums; w_step = 0 repeats one row):
 * 16 inputs widened once for the four rows, then 8, then one at a time. The four accumulators and row pointers
 * are named, not indexed, so that they stay in registers.
 */
TINYFIT_NEON_INLINE void tinyfit_neon_dot4(const int8_t *in, const int8_t *w0, int w_step, int n, int16x8_t zp16,
                                          int32x4_t acc[4])
{
    const int8_t *w1 = w0 + w_step, *w2 = w1 + w_step, *w3 = w2 + w_step;
    int32x4_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const int8x16_t x = vld1q_s8(in + i);
        const int16x8_t dl = vsubw_s8(zp16, vget_low_s8(x));
        const int16x8_t dh = vsubw_high_s8(zp16, x);
        const int8x16_t v0 = vld1q_s8(w0 + i), v1 = vld1q_s8(w1 + i), v2 = vld1q_s8(w2 + i), v3 = vld1q_s8(w3 + i);
        TINYFIT_NEON_MLSL8(a0, dl, vmovl_s8(vget_low_s8(v0)));
        TINYFIT_NEON_MLSL8(a0, dh, vmovl_high_s8(v0));
        TINYFIT_NEON_MLSL8(a1, dl, vmovl_s8(vget_low_s8(v1)));
        TINYFIT_NEON_MLSL8(a1, dh, vmovl_high_s8(v1));
        TINYFIT_NEON_MLSL8(a2, dl, vmovl_s8(vget_low_s8(v2)));
        TINYFIT_NEON_MLSL8(a2, dh, vmovl_high_s8(v2));
        TINYFIT_NEON_MLSL8(a3, dl, vmovl_s8(vget_low_s8(v3)));
        TINYFIT_NEON_MLSL8(a3, dh, vmovl_high_s8(v3));
    }
    if (i + 8 <= n) {
        const int16x8_t d = vsubw_s8(zp16, vld1_s8(in + i));
        TINYFIT_NEON_MLSL8(a0, d, vmovl_s8(vld1_s8(w0 + i)));
        TINYFIT_NEON_MLSL8(a1, d, vmovl_s8(vld1_s8(w1 + i)));
        TINYFIT_NEON_MLSL8(a2, d, vmovl_s8(vld1_s8(w2 + i)));
        TINYFIT_NEON_MLSL8(a3, d, vmovl_s8(vld1_s8(w3 + i)));
        i += 8;
    }
    if (i < n) {
        uint32_t t0 = 0u, t1 = 0u, t2 = 0u, t3 = 0u;
        const int32_t zp = vgetq_lane_s16(zp16, 0);
        int32x4_t t;
        for (; i < n; ++i) {
            const int32_t d = (int32_t)in[i] - zp;
            t0 += (uint32_t)(d * (int32_t)w0[i]);
            t1 += (uint32_t)(d * (int32_t)w1[i]);
            t2 += (uint32_t)(d * (int32_t)w2[i]);
            t3 += (uint32_t)(d * (int32_t)w3[i]);
        }
        t = vsetq_lane_s32((int32_t)t0, vdupq_n_s32(0), 0);
        a0 = vaddq_s32(a0, t);
        a1 = vaddq_s32(a1, vsetq_lane_s32((int32_t)t1, vdupq_n_s32(0), 0));
        a2 = vaddq_s32(a2, vsetq_lane_s32((int32_t)t2, vdupq_n_s32(0), 0));
        a3 = vaddq_s32(a3, vsetq_lane_s32((int32_t)t3, vdupq_n_s32(0), 0));
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* The four sums of acc[0..3] (each over its lanes) as the lanes of one vector, modulo 2^32. */
static inline int32x4_t tinyfit_neon_sum4(const int32x4_t acc[4])
{
    return vpaddq_s32(vpaddq_s32(acc[0], acc[1]), vpaddq_s32(acc[2], acc[3]));
}

/*
 * Requantizes, offsets, clamps and stores n (1..8) adjacent channels ch..ch+n-1 (per-channel parameters) at dst:
 * lo holds channels ch..ch+3, hi ch+4..ch+7.
 */
static inline void tinyfit_neon_store_n(int8_t *dst, int32x4_t lo, int32x4_t hi, int n, const int32_t *bias,
                                        const int32_t *mult, const int8_t *shift, int ch, int32_t out_zp,
                                        int32_t act_min, int32_t act_max)
{
    int32x4_t m, s;
    tinyfit_neon_params(mult, shift, ch, n < 4 ? n : 4, 1, &m, &s);
    lo = tinyfit_neon_output(vaddq_s32(lo, tinyfit_neon_bias(bias, ch, n < 4 ? n : 4)), m, s, out_zp, act_min, act_max);
    if (n > 4) {
        tinyfit_neon_params(mult, shift, ch + 4, n - 4, 1, &m, &s);
        hi = tinyfit_neon_output(vaddq_s32(hi, tinyfit_neon_bias(bias, ch + 4, n - 4)), m, s, out_zp, act_min, act_max);
    } else {
        hi = lo;
    }
    tinyfit_neon_store(dst, tinyfit_neon_narrow8(lo, hi), n);
}

/*
 * Depthwise taps of one output pixel for adjacent channels: acc[0..2*n8) (four channels each, n8 = 1 or 2 for 8
 * or 16 channels) += sum over the n_ky x n_kx taps of (in - zp) * w; `in` and `w` point at the first tap of the
 * first channel, a tap's channels are contiguous in both.
 */
TINYFIT_NEON_INLINE void tinyfit_neon_dw(const int8_t *in, int in_row_step, int in_col_step, const int8_t *w,
                                        int w_row_step, int w_col_step, int n_ky, int n_kx, int16x8_t zp16, int n8,
                                        int32x4_t acc[4])
{
    int ky, kx;
    for (ky = 0; ky < n_ky; ++ky) {
        const int8_t *in_row = in + ky * in_row_step;
        const int8_t *w_row = w + ky * w_row_step;
        if (n8 == 2) {
            for (kx = 0; kx < n_kx; ++kx) {
                const int8x16_t x = vld1q_s8(in_row + kx * in_col_step);
                const int8x16_t wv = vld1q_s8(w_row + kx * w_col_step);
                const int16x8_t d0 = vsubw_s8(zp16, vget_low_s8(x));
                const int16x8_t d1 = vsubw_high_s8(zp16, x);
                const int16x8_t w0 = vmovl_s8(vget_low_s8(wv));
                const int16x8_t w1 = vmovl_high_s8(wv);
                acc[0] = vmlsl_s16(acc[0], vget_low_s16(d0), vget_low_s16(w0));
                acc[1] = vmlsl_high_s16(acc[1], d0, w0);
                acc[2] = vmlsl_s16(acc[2], vget_low_s16(d1), vget_low_s16(w1));
                acc[3] = vmlsl_high_s16(acc[3], d1, w1);
            }
        } else {
            for (kx = 0; kx < n_kx; ++kx) {
                const int16x8_t d = vsubw_s8(zp16, vld1_s8(in_row + kx * in_col_step));
                const int16x8_t wv = vmovl_s8(vld1_s8(w_row + kx * w_col_step));
                acc[0] = vmlsl_s16(acc[0], vget_low_s16(d), vget_low_s16(wv));
                acc[1] = vmlsl_high_s16(acc[1], d, wv);
            }
        }
    }
}

/* One channel of one depthwise output pixel, scalar (the portable kernel's arithmetic), already requantized. */
static inline int8_t tinyfit_neon_dw1(const int8_t *in, int in_row_step, int in_col_step, const int8_t *w,
                                      int w_row_step, int w_col_step, int n_ky, int n_kx, int32_t in_zp,
                                      uint32_t acc, int32_t mult, int shift, int32_t out_zp, int32_t act_min,
                                      int32_t act_max)
{
    int ky, kx;
    int32_t y;
    for (ky = 0; ky < n_ky; ++ky) {
        const int8_t *in_row = in + ky * in_row_step;
        const int8_t *w_row = w + ky * w_row_step;
        for (kx = 0; kx < n_kx; ++kx)
            acc += (uint32_t)(((int32_t)in_row[kx * in_col_step] - in_zp) * (int32_t)w_row[kx * w_col_step]);
    }
    y = tinyfit_requant((int32_t)acc, mult, shift);
    y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
    return (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
}

#endif /* TINYFIT_NEON_S8_H */
