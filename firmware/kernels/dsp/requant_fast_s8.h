#ifndef TINYFIT_REQUANT_FAST_S8_H
#define TINYFIT_REQUANT_FAST_S8_H

/*
 * TFLite's default (double rounding) requantization in five instructions, for layers where it is exact
 * (Armv7E-M DSP: SMMULR). MultiplyByQuantizedMultiplier(acc, m, shift) with shift <= -1 is
 * RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc, m), e), e = -shift (gemmlowp fixedpoint.h):
 *   - SRDHM(a, m) = floor((a*m + 2^30) / 2^31) — gemmlowp's truncating division with its sign-dependent nudge
 *     is this same floor — which is SMMULR(2a, m) = floor((2a*m + 2^31) / 2^32) when 2a does not overflow;
 *   - RoundingDivideByPOT(v, e), e >= 1, rounds halves away from zero: (v + 2^(e-1) - (v < 0)) >> e.
 * Both steps are exact when |acc| < 2^29 (then 2a fits and v + 2^(e-1) cannot overflow for e <= 31); the caller
 * proves that bound for the whole layer (tinyfit_fast_requant_ok) or takes the general path. The output zero point
 * joins the rounding term: (v + 2^(e-1) - (v < 0) + zp·2^e) >> e = RoundingDivideByPOT(v, e) + zp exactly (a
 * multiple of 2^e added before a floor shift), without overflow for e <= 20 (|zp·2^e| <= 2^27).
 */
#include <stdint.h>
#include <arm_acle.h>

#if !(defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING) && !(defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING)
#define TINYFIT_FAST_REQUANT 1
#else
#define TINYFIT_FAST_REQUANT 0
#endif

/* floor((a * b + 2^31) / 2^32): SMMULR. */
static inline int32_t tinyfit_smmulr(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

/*
 * TFLite's double-rounding requantization for any accumulator, shift and multiplier, in fewer instructions than
 * the gemmlowp form of fixedpoint_s8.h (whose 64-bit division GCC expands with sign fix-ups): SRDHM as
 * floor((a·m + 2^30) / 2^31) in 64 bits (equal to gemmlowp's truncating division with its sign-dependent nudge),
 * then RoundingDivideByPOT as gemmlowp writes it. Only a = m = INT32_MIN saturates.
 */
static inline int32_t tinyfit_requant_exact(int32_t x, int32_t m, int shift)
{
    const int32_t a = shift > 0 ? (int32_t)((uint32_t)x << shift) : x;
    const int e = shift > 0 ? 0 : -shift;
    const int32_t mask = (int32_t)(((uint32_t)1 << e) - 1u);
    int32_t v, r;
    if (a == INT32_MIN && m == INT32_MIN) {
        v = INT32_MAX; /* SRDHM's one saturation */
    } else {
        v = (int32_t)(((int64_t)a * m + ((int64_t)1 << 30)) >> 31);
    }
    r = v >> e;
    return r + ((v & mask) > ((mask >> 1) + (v < 0 ? 1 : 0)) ? 1 : 0);
}

/* The rounding term of tinyfit_requant_fast with the output zero point folded in: 2^(e-1) + zp·2^e. */
static inline int32_t tinyfit_requant_hz(int32_t e, int32_t zp)
{
    return (int32_t)(((1u << e) >> 1) + ((uint32_t)zp << e));
}

/* acc requantized with multiplier m and right shift e in [1, 20], plus the zero point (in hz), unclamped. */
static inline int32_t tinyfit_requant_fast(int32_t acc, int32_t m, int32_t e, int32_t hz)
{
    const int32_t v = tinyfit_smmulr((int32_t)((uint32_t)acc << 1), m);
    return (v + (v >> 31) + hz) >> e;
}

/* y clamped to [lo, hi]; the full int8 range is one SSAT. */
static inline int8_t tinyfit_clamp_s8(int32_t y, int32_t lo, int32_t hi)
{
    y = __ssat(y, 8);
    y = y < lo ? lo : y;
    return (int8_t)(y > hi ? hi : y);
}

/* Sum of |w[i]|, i < n, four bytes per USADA8 (int8 as uint8 offset by 128: |(w ^ 0x80) - 0x80| = |w|). */
static inline uint32_t tinyfit_sum_abs_s8(const int8_t *w, int n)
{
    uint32_t s = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t x;
        __builtin_memcpy(&x, w + i, 4);
        s = __usada8(x ^ 0x80808080u, 0x80808080u, s);
    }
    for (; i < n; ++i) s += (uint32_t)(w[i] < 0 ? -w[i] : w[i]);
    return s;
}

/* Channels a layer may mark for the fast requantization (tinyfit_fast_requant_bits); beyond, none is. */
#define TINYFIT_FAST_MAX_C 1024

/*
 * Marks in bits[] (bit oc of word oc / 32) the channels whose every output tinyfit_requant_fast computes exactly:
 * shift in [-20, -1], and with out_c rows of n weights meeting inputs |in - in_zp| <= 128 + |in_zp| (padding adds
 * 0), |bias| + sum |w| · max |in - in_zp| < 2^29, so that no accumulation can reach 2^29 whatever the input (a
 * channel with a huge bias — some models park dead channels that way — takes the general path alone).
 */
static inline void tinyfit_fast_requant_bits(const int8_t *w, int n, const int32_t *bias, int out_c, int32_t in_zp,
                                             const int8_t *shift, uint32_t *bits)
{
    const uint32_t dev = (uint32_t)(in_zp < 0 ? 127 - in_zp : 128 + in_zp);
    int oc;
    for (oc = 0; oc < (out_c + 31) / 32; ++oc) bits[oc] = 0u;
    if (!TINYFIT_FAST_REQUANT || dev > 255u) return;
    for (oc = 0; oc < out_c; ++oc) {
        const uint64_t b = bias ? (uint64_t)(bias[oc] < 0 ? -(int64_t)bias[oc] : (int64_t)bias[oc]) : 0u;
        if (shift[oc] > -1 || shift[oc] < -20) continue;
        if (b + (uint64_t)tinyfit_sum_abs_s8(w + oc * n, n) * dev >= ((uint64_t)1 << 29)) continue;
        bits[oc >> 5] |= 1u << (oc & 31);
    }
}

#endif /* TINYFIT_REQUANT_FAST_S8_H */
