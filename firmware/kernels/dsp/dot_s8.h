#ifndef TINYFIT_DOT_S8_H
#define TINYFIT_DOT_S8_H

/*
 * Int8 dot products for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33), shared by the dsp kernel
 * variants. Four input bytes are loaded at once, sign-extended in pairs to int16 lanes (SXTB16 of the word and
 * of the word rotated by 8: lanes 0/2 and 1/3), the input zero point taken off both lanes (SSUB16: |in - zp| <=
 * 255 fits int16), and multiplied with the weights widened the same way by SMLAD (two products plus the
 * accumulator, modulo 2^32 like the portable kernels' int32 sums). Pairing lanes 0/2 and 1/3 of both operands
 * keeps each product's factors together, and the order of a modular sum does not change it. Arm ACLE
 * intrinsics (arm_acle.h).
 */
#include <stdint.h>
#include <string.h>
#include <arm_acle.h>
#include "requant_fast_s8.h"

/*
 * The general fallbacks of the variants (a window longer than the model's longest, say) are unreachable in a
 * generated project: code generation sizes every buffer to the model (kernelConfig.ts). They are compiled only
 * without those sizes, or with TINYFIT_DSP_FALLBACKS (the randomized checks, which give smaller sizes on purpose);
 * otherwise an impossible call traps (TINYFIT_DSP_UNREACHABLE) instead of carrying their code in every firmware.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define TINYFIT_DSP_FALLBACK __attribute__((noinline, cold, optimize("Os")))
#else
#define TINYFIT_DSP_FALLBACK __attribute__((noinline, cold))
#endif
#define TINYFIT_DSP_UNREACHABLE() __builtin_trap()

/* Rotate right by 8 (GCC's arm_acle.h has no __ror; this form compiles to ROR, folded into SXTB16). */
static inline uint32_t tinyfit_dsp_ror8(uint32_t x)
{
    return (x >> 8) | (x << 24);
}

/* SXTB16 of x rotated right by 8 (the odd bytes), the rotate folded into the instruction where optimizing. */
static inline uint32_t tinyfit_sxtb16_ror8(uint32_t x)
{
#if defined(__OPTIMIZE__)
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
#else
    return __sxtb16(tinyfit_dsp_ror8(x));
#endif
}

/* Four bytes as one word (an unaligned load on these cores). */
static inline uint32_t tinyfit_dsp_load4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Both int16 lanes of a word holding the zero point. */
static inline uint32_t tinyfit_dsp_zp2(int32_t zp)
{
    return ((uint32_t)(uint16_t)(int16_t)zp << 16) | (uint16_t)(int16_t)zp;
}

/* acc0 += sum (in[i] - zp) * w0[i], acc1 += sum (in[i] - zp) * w1[i], i < n: one widening of the input for two rows. */
static inline void tinyfit_dsp_dot2(const int8_t *in, const int8_t *w0, const int8_t *w1, int n, int32_t in_zp,
                                    uint32_t *acc0, uint32_t *acc1)
{
    const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
    uint32_t a0 = *acc0;
    uint32_t a1 = *acc1;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint32_t x = tinyfit_dsp_load4(in + i);
        const uint32_t xe = __ssub16(__sxtb16(x), zp2);
        const uint32_t xo = __ssub16(__sxtb16(tinyfit_dsp_ror8(x)), zp2);
        const uint32_t u = tinyfit_dsp_load4(w0 + i);
        const uint32_t v = tinyfit_dsp_load4(w1 + i);
        a0 = (uint32_t)__smlad(xe, __sxtb16(u), (int32_t)a0);
        a0 = (uint32_t)__smlad(xo, __sxtb16(tinyfit_dsp_ror8(u)), (int32_t)a0);
        a1 = (uint32_t)__smlad(xe, __sxtb16(v), (int32_t)a1);
        a1 = (uint32_t)__smlad(xo, __sxtb16(tinyfit_dsp_ror8(v)), (int32_t)a1);
    }
    for (; i < n; ++i) {
        const int32_t x = (int32_t)in[i] - in_zp;
        a0 += (uint32_t)(x * (int32_t)w0[i]);
        a1 += (uint32_t)(x * (int32_t)w1[i]);
    }
    *acc0 = a0;
    *acc1 = a1;
}

/* acc += sum (in[i] - zp) * w[i], i < n. */
static inline uint32_t tinyfit_dsp_dot1(const int8_t *in, const int8_t *w, int n, int32_t in_zp, uint32_t acc)
{
    const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint32_t x = tinyfit_dsp_load4(in + i);
        const uint32_t u = tinyfit_dsp_load4(w + i);
        acc = (uint32_t)__smlad(__ssub16(__sxtb16(x), zp2), __sxtb16(u), (int32_t)acc);
        acc = (uint32_t)__smlad(__ssub16(__sxtb16(tinyfit_dsp_ror8(x)), zp2), __sxtb16(tinyfit_dsp_ror8(u)), (int32_t)acc);
    }
    for (; i < n; ++i) acc += (uint32_t)(((int32_t)in[i] - in_zp) * (int32_t)w[i]);
    return acc;
}

/* The requantization of the model's rounding mode: the shorter exact form of requant_fast_s8.h for TFLite's default. */
#if TINYFIT_FAST_REQUANT
#define TINYFIT_DSP_REQUANT tinyfit_requant_exact
#else
#define TINYFIT_DSP_REQUANT tinyfit_requant
#endif

/* The requantized, offset and clamped int8 of an accumulator (as the portable kernels). */
#define TINYFIT_DSP_OUT(acc, mult, shift, out_zp, act_min, act_max) \
    ((int8_t)tinyfit_clamp_s32((int32_t)((uint32_t)TINYFIT_DSP_REQUANT((int32_t)(acc), (mult), (shift)) + (uint32_t)(out_zp)), (act_min), (act_max)))

#endif /* TINYFIT_DOT_S8_H */
