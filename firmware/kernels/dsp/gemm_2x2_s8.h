#ifndef TINYFIT_GEMM_2X2_S8_H
#define TINYFIT_GEMM_2X2_S8_H

/*
 * The sums of 2x2 tiles — two pixels by two output channels — for the DSP convolution (conv2d_s8.c): the two
 * pixels' windows are in an im2col buffer (im2col_s8.h: int16, zero point off, groups of four elements interleaved
 * pixel by pixel), the weights are the model's int8 rows [oc][n]. Each step of four window elements loads four
 * weights of each channel, widens them with SXTB16 (the odd lanes with the rotate folded in), loads the pixels'
 * words with LDRD and does eight SMLADs: 16 MACs in 20 instructions, each widened weight used for both pixels. The
 * loop over channel pairs is in the same asm block as the loop over the window (its state in a small struct), so
 * that nothing is spilled between pairs. Sums are modulo 2^32, as the portable kernels' int32 sums.
 */
#include <stdint.h>
#include <arm_acle.h>
#include "im2col_s8.h"

/* The state the asm block walks through (offsets used in the asm: keep the order). */
struct tinyfit_gemm_state {
    const uint32_t *col; /* 0: the window buffer */
    int32_t groups;      /* 4: window length / 4 */
    const int32_t *bias; /* 8: next channel pair's biases */
    int32_t *sums;       /* 12: next pair's four sums */
    int32_t pairs;       /* 16: channel pairs left */
    int32_t n;           /* 20: window length (bytes per weight row) */
};

/*
 * sums[4i .. 4i+3] = channel 2i and 2i+1 for pixel 0, then for pixel 1, of `pairs` channel pairs from weight row w
 * (rows of n = 4·groups bytes), each started from its bias (bias[2i], bias[2i+1]).
 */
static inline void tinyfit_gemm_2x2_sums(const uint32_t *col, int groups, const int8_t *w, const int32_t *bias, int pairs, int32_t *sums)
{
#if defined(__OPTIMIZE__)
    struct tinyfit_gemm_state st;
    const int8_t *wa = w;
    const int8_t *wb = w + 4 * groups;
    const uint32_t *cp;
    uint32_t a00, a01, a10, a11, we, wo, x0, x1;
    int32_t cnt;
    struct tinyfit_gemm_state *ctx = &st;
    if (pairs <= 0 || groups <= 0) return;
    st.col = col;
    st.groups = groups;
    st.bias = bias;
    st.sums = sums;
    st.pairs = pairs;
    st.n = 4 * groups;
    __asm__ volatile(
        "2:\n\t"
        "ldr %[x0], [%[ctx], #8]\n\t"
        "ldrd %[a00], %[a10], [%[x0]], #8\n\t"
        "str %[x0], [%[ctx], #8]\n\t"
        "mov %[a01], %[a00]\n\t"
        "mov %[a11], %[a10]\n\t"
        "ldrd %[cp], %[cnt], [%[ctx]]\n\t"
        "1:\n\t"
        "ldr %[x0], [%[wa]], #4\n\t"
        "sxtb16 %[we], %[x0]\n\t"
        "sxtb16 %[wo], %[x0], ror #8\n\t"
        "ldrd %[x0], %[x1], [%[cp]]\n\t"
        "smlad %[a00], %[x0], %[we], %[a00]\n\t"
        "smlad %[a00], %[x1], %[wo], %[a00]\n\t"
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t"
        "smlad %[a01], %[x0], %[we], %[a01]\n\t"
        "smlad %[a01], %[x1], %[wo], %[a01]\n\t"
        "ldr %[x0], [%[wb]], #4\n\t"
        "sxtb16 %[we], %[x0]\n\t"
        "sxtb16 %[wo], %[x0], ror #8\n\t"
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t"
        "smlad %[a11], %[x0], %[we], %[a11]\n\t"
        "smlad %[a11], %[x1], %[wo], %[a11]\n\t"
        "ldrd %[x0], %[x1], [%[cp]], #16\n\t"
        "smlad %[a10], %[x0], %[we], %[a10]\n\t"
        "smlad %[a10], %[x1], %[wo], %[a10]\n\t"
        "subs %[cnt], %[cnt], #1\n\t"
        "bne 1b\n\t"
        "ldr %[x0], [%[ctx], #12]\n\t"
        "strd %[a00], %[a10], [%[x0]], #8\n\t"
        "strd %[a01], %[a11], [%[x0]], #8\n\t"
        "str %[x0], [%[ctx], #12]\n\t"
        /* wa has walked onto row 2i+1, which wb has finished: the next pair starts at wb. */
        "ldr %[x1], [%[ctx], #20]\n\t"
        "mov %[wa], %[wb]\n\t"
        "add %[wb], %[wb], %[x1]\n\t"
        "ldr %[x0], [%[ctx], #16]\n\t"
        "subs %[x0], %[x0], #1\n\t"
        "str %[x0], [%[ctx], #16]\n\t"
        "bne 2b"
        : [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [wa] "+r"(wa), [wb] "+r"(wb),
          [cp] "=&r"(cp), [cnt] "=&r"(cnt), [we] "=&r"(we), [wo] "=&r"(wo), [x0] "=&r"(x0), [x1] "=&r"(x1)
        : [ctx] "r"(ctx)
        : "cc", "memory");
#else
    int p, g;
    for (p = 0; p < pairs; ++p, bias += 2, sums += 4) {
        const int8_t *wa = w + (2 * p) * 4 * groups;
        const int8_t *wb = wa + 4 * groups;
        const uint32_t *cp = col;
        uint32_t a00 = (uint32_t)bias[0], a10 = (uint32_t)bias[1], a01 = a00, a11 = a10;
        for (g = 0; g < groups; ++g, wa += 4, wb += 4, cp += 4) {
            uint32_t ua, ub;
            __builtin_memcpy(&ua, wa, 4);
            __builtin_memcpy(&ub, wb, 4);
            a00 = (uint32_t)__smlad(cp[1], __sxtb16((ua >> 8) | (ua << 24)), __smlad(cp[0], __sxtb16(ua), (int32_t)a00));
            a01 = (uint32_t)__smlad(cp[3], __sxtb16((ua >> 8) | (ua << 24)), __smlad(cp[2], __sxtb16(ua), (int32_t)a01));
            a10 = (uint32_t)__smlad(cp[1], __sxtb16((ub >> 8) | (ub << 24)), __smlad(cp[0], __sxtb16(ub), (int32_t)a10));
            a11 = (uint32_t)__smlad(cp[3], __sxtb16((ub >> 8) | (ub << 24)), __smlad(cp[2], __sxtb16(ub), (int32_t)a11));
        }
        sums[0] = (int32_t)a00;
        sums[1] = (int32_t)a10;
        sums[2] = (int32_t)a01;
        sums[3] = (int32_t)a11;
    }
#endif
}

#endif /* TINYFIT_GEMM_2X2_S8_H */
