#ifndef TINYFIT_GEMM_1XP_S8_H
#define TINYFIT_GEMM_1XP_S8_H

/*
 * The sums of 1xP tiles — one output channel by P = TINYFIT_COL_PIXELS (4 or 6) pixels — for the DSP convolution
 * (conv2d_s8.c): the pixels' windows are in an im2col buffer (im2col_s8.h: int16, zero point off, groups of four elements interleaved
 * pixel by pixel), the weights are the model's int8 rows [oc][n]. Each step of four window elements loads four
 * weights, widens them once with SXTB16 (the odd lanes with the rotate folded in) for the P pixels, loads each
 * pixel's two words with one LDRD and does 2P SMLADs: 4P MACs in 3 + 3P instructions (6 pixels: 24 MACs in 21),
 * two groups a turn. The loop over channels is in the same asm block as the loop over the window (its state in a small struct), so nothing is
 * spilled between channels. Sums are modulo 2^32, as the portable kernels' int32 sums.
 */
#include <stdint.h>
#include <arm_acle.h>
#include "im2col_s8.h"

/* One group of four window elements for every pixel of the tile (an asm string; the loop runs two a turn). */
#define TINYFIT_GEMM_GROUP6 \
        "ldr %[we], [%[w]], #4\n\t" \
        "sxtb16 %[wo], %[we], ror #8\n\t" \
        "sxtb16 %[we], %[we]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t" \
        "smlad %[a1], %[x0], %[we], %[a1]\n\t" \
        "smlad %[a1], %[x1], %[wo], %[a1]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #16]\n\t" \
        "smlad %[a2], %[x0], %[we], %[a2]\n\t" \
        "smlad %[a2], %[x1], %[wo], %[a2]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #24]\n\t" \
        "smlad %[a3], %[x0], %[we], %[a3]\n\t" \
        "smlad %[a3], %[x1], %[wo], %[a3]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #32]\n\t" \
        "smlad %[a4], %[x0], %[we], %[a4]\n\t" \
        "smlad %[a4], %[x1], %[wo], %[a4]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #40]\n\t" \
        "smlad %[a5], %[x0], %[we], %[a5]\n\t" \
        "smlad %[a5], %[x1], %[wo], %[a5]\n\t" \
        "ldrd %[x0], %[x1], [%[cp]], #48\n\t" \
        "smlad %[a0], %[x0], %[we], %[a0]\n\t" \
        "smlad %[a0], %[x1], %[wo], %[a0]\n\t"
#define TINYFIT_GEMM_GROUP4 \
        "ldr %[we], [%[w]], #4\n\t" \
        "sxtb16 %[wo], %[we], ror #8\n\t" \
        "sxtb16 %[we], %[we]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #8]\n\t" \
        "smlad %[a1], %[x0], %[we], %[a1]\n\t" \
        "smlad %[a1], %[x1], %[wo], %[a1]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #16]\n\t" \
        "smlad %[a2], %[x0], %[we], %[a2]\n\t" \
        "smlad %[a2], %[x1], %[wo], %[a2]\n\t" \
        "ldrd %[x0], %[x1], [%[cp], #24]\n\t" \
        "smlad %[a3], %[x0], %[we], %[a3]\n\t" \
        "smlad %[a3], %[x1], %[wo], %[a3]\n\t" \
        "ldrd %[x0], %[x1], [%[cp]], #32\n\t" \
        "smlad %[a0], %[x0], %[we], %[a0]\n\t" \
        "smlad %[a0], %[x1], %[wo], %[a0]\n\t"

/* The state the asm block walks through (offsets used in the asm: keep the order). */
struct tinyfit_gemm_state {
    const uint32_t *col; /* 0: the window buffer */
    int32_t groups;      /* 4: window length / 4 */
    const int32_t *bias; /* 8: next channel's bias */
    int32_t *sums;       /* 12: next channel's four sums */
    int32_t channels;    /* 16: channels left */
    int32_t back;        /* 20: bytes the weight pointer ran past its row (4·groups − n) */
};

/*
 * sums[P·j .. P·j + P − 1] = channel j's sums for the P = TINYFIT_COL_PIXELS pixels, for `channels` channels from weight row w (rows of n bytes,
 * groups = 2·ceil(n / 8): even, two a turn), each started from its bias. When n is not a multiple of 8 the window
 * buffer must hold 0 at elements n .. 4·groups − 1: the last groups then read up to seven bytes of the next row,
 * multiplied by 0 — so the caller must not pass the last row of the weight array then (nothing may be read past it).
 */
static inline void tinyfit_gemm_1xp_sums(const uint32_t *col, int groups, int n, const int8_t *w, const int32_t *bias, int channels, int32_t *sums)
{
#if defined(__OPTIMIZE__)
    struct tinyfit_gemm_state st;
    struct tinyfit_gemm_state *ctx = &st;
    const uint32_t *cp;
#if TINYFIT_COL_PIXELS == 6
    uint32_t a0, a1, a2, a3, a4, a5, we, wo, x0, x1;
#else
    uint32_t a0, a1, a2, a3, we, wo, x0, x1;
#endif
    int32_t cnt;
    if (channels <= 0 || groups <= 0 || (groups & 1)) return;
    st.col = col;
    st.groups = groups;
    st.bias = bias;
    st.sums = sums;
    st.channels = channels;
    st.back = 4 * groups - n;
#if TINYFIT_COL_PIXELS == 6
    __asm__ volatile(
        "2:\n\t"
        "ldr %[x0], [%[ctx], #8]\n\t"
        "ldr %[a0], [%[x0]], #4\n\t"
        "str %[x0], [%[ctx], #8]\n\t"
        "mov %[a1], %[a0]\n\t"
        "mov %[a2], %[a0]\n\t"
        "mov %[a3], %[a0]\n\t"
        "mov %[a4], %[a0]\n\t"
        "mov %[a5], %[a0]\n\t"
        "ldrd %[cp], %[cnt], [%[ctx]]\n\t"
        /* Two groups per turn (the count is even). */
        "1:\n\t"
        TINYFIT_GEMM_GROUP6
        TINYFIT_GEMM_GROUP6
        "subs %[cnt], %[cnt], #2\n\t"
        "bne 1b\n\t"
        "ldr %[x0], [%[ctx], #12]\n\t"
        "strd %[a0], %[a1], [%[x0]], #8\n\t"
        "strd %[a2], %[a3], [%[x0]], #8\n\t"
        "strd %[a4], %[a5], [%[x0]], #8\n\t"
        "str %[x0], [%[ctx], #12]\n\t"
        "ldr %[x1], [%[ctx], #20]\n\t"
        "sub %[w], %[w], %[x1]\n\t"
        "ldr %[x0], [%[ctx], #16]\n\t"
        "subs %[x0], %[x0], #1\n\t"
        "str %[x0], [%[ctx], #16]\n\t"
        "bne 2b"
        : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [a4] "=&r"(a4), [a5] "=&r"(a5), [w] "+r"(w), [cp] "=&r"(cp),
          [cnt] "=&r"(cnt), [we] "=&r"(we), [wo] "=&r"(wo), [x0] "=&r"(x0), [x1] "=&r"(x1)
        : [ctx] "r"(ctx)
        : "cc", "memory");
#else
    __asm__ volatile(
        "2:\n\t"
        "ldr %[x0], [%[ctx], #8]\n\t"
        "ldr %[a0], [%[x0]], #4\n\t"
        "str %[x0], [%[ctx], #8]\n\t"
        "mov %[a1], %[a0]\n\t"
        "mov %[a2], %[a0]\n\t"
        "mov %[a3], %[a0]\n\t"
        "ldrd %[cp], %[cnt], [%[ctx]]\n\t"
        /* Two groups per turn (the count is even). */
        "1:\n\t"
        TINYFIT_GEMM_GROUP4
        TINYFIT_GEMM_GROUP4
        "subs %[cnt], %[cnt], #2\n\t"
        "bne 1b\n\t"
        "ldr %[x0], [%[ctx], #12]\n\t"
        "strd %[a0], %[a1], [%[x0]], #8\n\t"
        "strd %[a2], %[a3], [%[x0]], #8\n\t"
        "str %[x0], [%[ctx], #12]\n\t"
        "ldr %[x1], [%[ctx], #20]\n\t"
        "sub %[w], %[w], %[x1]\n\t"
        "ldr %[x0], [%[ctx], #16]\n\t"
        "subs %[x0], %[x0], #1\n\t"
        "str %[x0], [%[ctx], #16]\n\t"
        "bne 2b"
        : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [w] "+r"(w), [cp] "=&r"(cp),
          [cnt] "=&r"(cnt), [we] "=&r"(we), [wo] "=&r"(wo), [x0] "=&r"(x0), [x1] "=&r"(x1)
        : [ctx] "r"(ctx)
        : "cc", "memory");
#endif
#else
    int j, g, p;
    for (j = 0; j < channels; ++j, sums += TINYFIT_COL_PIXELS, w -= 4 * groups - n) {
        const uint32_t *cp = col;
        uint32_t a[TINYFIT_COL_PIXELS];
        for (p = 0; p < TINYFIT_COL_PIXELS; ++p) a[p] = (uint32_t)bias[j];
        for (g = 0; g < groups; ++g, w += 4, cp += 2 * TINYFIT_COL_PIXELS) {
            uint32_t u;
            __builtin_memcpy(&u, w, 4);
            for (p = 0; p < TINYFIT_COL_PIXELS; ++p) {
                a[p] = (uint32_t)__smlad(cp[2 * p + 1], __sxtb16((u >> 8) | (u << 24)), __smlad(cp[2 * p], __sxtb16(u), (int32_t)a[p]));
            }
        }
        for (p = 0; p < TINYFIT_COL_PIXELS; ++p) sums[p] = (int32_t)a[p];
    }
#endif
}

#endif /* TINYFIT_GEMM_1XP_S8_H */
