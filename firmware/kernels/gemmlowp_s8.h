/*
 * gemmlowp's fixed-point transcendental functions (fixedpoint/fixedpoint.h) as TFLite Micro's int8 SOFTMAX,
 * LOGISTIC and TANH reference kernels use them; header only, static inline. Bit-exact with
 * src/arith/gemmlowp.ts, which documents each function. A value in Qm.(31-m) ("m integer bits") is an
 * int32 raw value real * 2^(31-m). Products are tinyfit_srdhm; sums and shifts of possibly negative values go
 * through uint32_t so that nothing is undefined behaviour. None of this depends on the rounding-mode macros
 * of fixedpoint_s8.h (only tinyfit_requant does).
 */
#ifndef TINYFIT_GEMMLOWP_S8_H
#define TINYFIT_GEMMLOWP_S8_H

#include <stdint.h>

#include "fixedpoint_s8.h"

/* int32 a + b and a - b wrapping modulo 2^32 (gemmlowp's Add / Sub never overflow on these paths). */
static inline int32_t tinyfit_gl_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t tinyfit_gl_sub(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a - (uint32_t)b);
}

/* SaturatingRoundingMultiplyByPOT<exponent> for exponent in [1, 30]: left shift saturating to int32. */
static inline int32_t tinyfit_gl_sat_shl(int32_t x, int exponent)
{
    const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - exponent)) - 1u);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

/* RoundingHalfSum: (a + b + sign) / 2 in 64 bits, truncating. */
static inline int32_t tinyfit_gl_rounding_half_sum(int32_t a, int32_t b)
{
    const int64_t sum = (int64_t)a + (int64_t)b;
    return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp_on_interval_between_negative_one_quarter_and_0_excl: exp(a), a in [-1/4, 0) in Q0.31. */
static inline int32_t tinyfit_gl_exp_quarter(int32_t a)
{
    const int32_t exp_minus_one_eighth = 1895147668;
    const int32_t one_third = 715827883;
    const int32_t x = tinyfit_gl_add(a, (int32_t)1 << 28);
    const int32_t x2 = tinyfit_srdhm(x, x);
    const int32_t x3 = tinyfit_srdhm(x2, x);
    const int32_t x4 = tinyfit_srdhm(x2, x2);
    const int32_t x4_over_4 = tinyfit_rdbpot(x4, 2);
    const int32_t poly = tinyfit_rdbpot(tinyfit_gl_add(tinyfit_srdhm(tinyfit_gl_add(x4_over_4, x3), one_third), x2), 1);
    return tinyfit_gl_add(exp_minus_one_eighth, tinyfit_srdhm(exp_minus_one_eighth, tinyfit_gl_add(x, poly)));
}

/* exp_on_negative_values: exp(a) in Q0.31 for a <= 0 in Q<int_bits> (int_bits in [1, 6]). */
static inline int32_t tinyfit_gl_exp_neg(int32_t a, int int_bits)
{
    const int32_t barrel[7] = { 1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242 };
    const int frac_bits = 31 - int_bits;
    const int32_t one_quarter = (int32_t)1 << (frac_bits - 2);
    const int32_t a_mod = tinyfit_gl_sub(a & (one_quarter - 1), one_quarter);
    const int32_t remainder = tinyfit_gl_sub(a_mod, a);
    int32_t result = tinyfit_gl_exp_quarter(tinyfit_gl_sat_shl(a_mod, int_bits));
    int k;
    /* Bit 2^k of the remainder (k = -2 .. 4, only k < int_bits) multiplies in exp(-2^k). */
    for (k = -2; k <= 4 && k < int_bits; k++) {
        if ((uint32_t)remainder & ((uint32_t)1 << (frac_bits + k))) result = tinyfit_srdhm(result, barrel[k + 2]);
    }
    if (int_bits > 5 && a < -((int32_t)1 << (36 - int_bits))) result = 0;
    return a == 0 ? INT32_MAX : result;
}

/* 2 / (1 + a) in Q2.29 for a in [0, 1) in Q0.31: three Newton-Raphson steps (48/17 - 32/17 d start). */
static inline int32_t tinyfit_gl_two_over_one_plus_x(int32_t a)
{
    const int32_t one_q2 = (int32_t)1 << 29;
    const int32_t half_denominator = tinyfit_gl_rounding_half_sum(a, INT32_MAX);
    int32_t x = tinyfit_gl_add(1515870810, tinyfit_srdhm(half_denominator, -1010580540));
    int i;
    for (i = 0; i < 3; i++) {
        const int32_t one_minus = tinyfit_gl_sub(one_q2, tinyfit_srdhm(half_denominator, x));
        x = tinyfit_gl_add(x, tinyfit_gl_sat_shl(tinyfit_srdhm(x, one_minus), 2));
    }
    return x;
}

/* one_over_one_plus_x_for_x_in_0_1: 1 / (1 + a) in Q0.31. */
static inline int32_t tinyfit_gl_one_over_one_plus_x(int32_t a)
{
    return tinyfit_gl_sat_shl(tinyfit_gl_two_over_one_plus_x(a), 1);
}

/* one_minus_x_over_one_plus_x_for_x_in_0_1: (1 - a) / (1 + a) in Q0.31. */
static inline int32_t tinyfit_gl_one_minus_x_over_one_plus_x(int32_t a)
{
    return tinyfit_gl_sat_shl(tinyfit_gl_sub(tinyfit_gl_two_over_one_plus_x(a), (int32_t)1 << 29), 2);
}

/* gemmlowp logistic: 1 / (1 + exp(-a)) in Q0.31 for a in Q<int_bits>. */
static inline int32_t tinyfit_gl_logistic(int32_t a, int int_bits)
{
    int32_t r;
    if (a == 0) return (int32_t)1 << 30;
    r = tinyfit_gl_one_over_one_plus_x(tinyfit_gl_exp_neg(a > 0 ? tinyfit_gl_sub(0, a) : a, int_bits));
    return a > 0 ? r : tinyfit_gl_sub(INT32_MAX, r);
}

/* gemmlowp tanh: tanh(a) in Q0.31 for a in Q<int_bits> (exp of -2|a|: same raw with int_bits + 1). */
static inline int32_t tinyfit_gl_tanh(int32_t a, int int_bits)
{
    int32_t t;
    if (a == 0) return 0;
    t = tinyfit_gl_one_minus_x_over_one_plus_x(tinyfit_gl_exp_neg(a < 0 ? a : tinyfit_gl_sub(0, a), int_bits + 1));
    return a < 0 ? tinyfit_gl_sub(0, t) : t;
}

/* TFLite's default (double-rounding) MultiplyByQuantizedMultiplier, independent of the rounding macros. */
static inline int32_t tinyfit_gl_mul_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift)
{
    const int32_t left = shift > 0 ? (int32_t)((uint32_t)x << shift) : x;
    return tinyfit_rdbpot(tinyfit_srdhm(left, multiplier), shift > 0 ? 0 : -shift);
}

/* Number of leading zero bits of x (32 for 0). */
static inline int tinyfit_gl_clz32(uint32_t x)
{
    int n = 0;
    if (x == 0) return 32;
    while (!(x & 0x80000000u)) {
        x <<= 1;
        n++;
    }
    return n;
}

#endif
