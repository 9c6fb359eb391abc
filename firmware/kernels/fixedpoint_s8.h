/*
 * Fixed-point helpers shared by the int8 kernels (header only, static inline): TFLite's integer
 * requantization, tflite::MultiplyByQuantizedMultiplier (tensorflow/lite/kernels/internal/common.h) built
 * from gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT (fixedpoint/fixedpoint.h).
 * Code generation copies this header into every int8 project and prepends
 * `#define TINYFIT_SINGLE_ROUNDING 1` (or TINYFIT_SHIFT_ROUNDING) for the model's rounding mode.
 *
 * Default ("double") rounding, TFLite Micro's and CMSIS-NN's default:
 *   MultiplyByQuantizedMultiplier(x, M0, shift) =
 *     RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x << max(shift, 0), M0), max(-shift, 0))
 * Single rounding (TFLITE_SINGLE_ROUNDING): (x * M0 + 2^(30 - shift)) >> (31 - shift) in 64 bits.
 * Dynamic fixed point (TINYFIT_SHIFT_ROUNDING): the multiplier is 2^30 and the real factor 2^(shift - 1);
 * a pure shift, x << k or (x + 2^(-k-1)) >> -k, no multiply (src/arith/rounding.ts 'shift').
 * The left shift wraps modulo 2^32 like the TypeScript reference (computed in unsigned arithmetic, so no
 * undefined behaviour).
 */
#ifndef TINYFIT_FIXEDPOINT_S8_H
#define TINYFIT_FIXEDPOINT_S8_H

#include <stdint.h>

/*
 * gemmlowp SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31 truncating, nudge = 2^30 for a*b >= 0 and
 * 1 - 2^30 below; INT32_MIN*INT32_MIN saturates. Both branches equal floor((a*b + 2^30) / 2^31) (for a*b < 0,
 * truncation is the ceiling: ceil((p + 1 - 2^30) / 2^31) = floor((p + 2^30) / 2^31)), computed as an arithmetic
 * right shift: no branch and no 64-bit division (the compilers tinyfit targets shift signed values arithmetically).
 */
#if defined(__thumb__) && !defined(__thumb2__)
/*
 * Thumb-1 (Cortex-M0/M0+) has no 32x32->64 multiply: a 64-bit product is a library call (__aeabi_lmul). The same
 * floor((a*b + 2^30) / 2^31) from 16-bit halves, a = ah*2^16 + al (al = a & 0xFFFF unsigned, ah signed): four
 * 32-bit products, each in range (|ah*bl| < 2^31, al*bl < 2^32 unsigned), summed into a hi:lo pair with carries.
 */
static inline int32_t tinyfit_srdhm(int32_t a, int32_t b)
{
    const uint32_t al = (uint32_t)a & 0xFFFFu, bl = (uint32_t)b & 0xFFFFu;
    const int32_t ah = a >> 16, bh = b >> 16; /* arithmetic shifts, as above */
    const int32_t m1 = ah * (int32_t)bl, m2 = (int32_t)al * bh;
    uint32_t lo = al * bl, t;
    uint32_t hi = (uint32_t)(ah * bh);
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    t = (uint32_t)m1 << 16;
    lo += t;
    hi += (uint32_t)(m1 >> 16) + (lo < t); /* the high part, then the carry */
    t = (uint32_t)m2 << 16;
    lo += t;
    hi += (uint32_t)(m2 >> 16) + (lo < t);
    t = (uint32_t)1 << 30;
    lo += t;
    hi += (lo < t);
    return (int32_t)((hi << 1) | (lo >> 31));
}
#else
static inline int32_t tinyfit_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31); /* 64-bit shifts: int may have 16 bits (AVR) */
}
#endif

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounding halves away from zero, exponent in [0, 31]. */
static inline int32_t tinyfit_rdbpot(int32_t x, int exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

#if defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING
static inline int32_t tinyfit_requant(int32_t x, int32_t multiplier, int shift)
{
    const int k = shift - 1;
    (void)multiplier;
    if (k >= 0) return (int32_t)((uint32_t)x << k);
    return (int32_t)(((int64_t)x + ((int64_t)1 << (-k - 1))) >> -k);
}
#elif defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING
/* TFLite single rounding: multiplier >= 0, shift in [-31, 30]. */
static inline int32_t tinyfit_requant(int32_t x, int32_t multiplier, int shift)
{
    const int total = 31 - shift;
    const int64_t round = (int64_t)1 << (total - 1);
    return (int32_t)(uint32_t)(uint64_t)(((int64_t)x * multiplier + round) >> total);
}
#else
/* TFLite default double rounding, shift in [-31, 31]. */
static inline int32_t tinyfit_requant(int32_t x, int32_t multiplier, int shift)
{
    const int32_t left = shift > 0 ? (int32_t)((uint32_t)x << shift) : x;
    return tinyfit_rdbpot(tinyfit_srdhm(left, multiplier), shift > 0 ? 0 : -shift);
}
#endif

/* Clamp of an int32 to [lo, hi]. */
static inline int32_t tinyfit_clamp_s32(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* An int8 output from an int32 accumulator: clamp(requant(acc) + zp, lo, hi), the "+ zp" wrapping like the reference. */
static inline int8_t tinyfit_requant_out_s8(uint32_t acc, int32_t multiplier, int shift, int32_t zp, int32_t lo, int32_t hi)
{
    const int32_t y = tinyfit_requant((int32_t)acc, multiplier, shift);
    return (int8_t)tinyfit_clamp_s32((int32_t)((uint32_t)y + (uint32_t)zp), lo, hi);
}

#endif
