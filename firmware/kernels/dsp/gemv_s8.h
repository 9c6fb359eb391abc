#ifndef TINYFIT_GEMV_S8_H
#define TINYFIT_GEMV_S8_H

/*
 * Matrix-vector sums for the DSP fully connected layer (dense_s8.c): the input row is widened once to int16 with
 * the zero point taken off, in the lane order SXTB16 gives the weights ((e0, e2), (e1, e3) per group of four), and
 * every three weight rows then cost per group one LDRD of the input and, per row, one load, two SXTB16 and two
 * SMLADs. Code generation defines TINYFIT_GEMV_MAX_N, the longest input row of the model's int8 dense
 * layers, which sizes the widened row on the stack.
 */
#include <stdint.h>
#include <arm_acle.h>
#include "dot_s8.h"

#ifndef TINYFIT_GEMV_MAX_N
#define TINYFIT_GEMV_MAX_N 0
#endif

/* xw = (in - in_zp) as int16 in SMLAD lane order, n elements, zero-padded to a multiple of 4. */
static inline void tinyfit_gemv_widen(uint32_t *xw, const int8_t *in, int n, int32_t in_zp)
{
    const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
    int i;
    for (i = 0; i + 4 <= n; i += 4, xw += 2) {
        uint32_t x;
        __builtin_memcpy(&x, in + i, 4);
        xw[0] = __ssub16(__sxtb16(x), zp2);
        xw[1] = __ssub16(tinyfit_sxtb16_ror8(x), zp2);
    }
    if (i < n) {
        int16_t t[4] = {0, 0, 0, 0};
        int j;
        for (j = 0; i + j < n; ++j) t[j] = (int16_t)(in[i + j] - in_zp);
        xw[0] = (uint32_t)(uint16_t)t[0] | ((uint32_t)(uint16_t)t[2] << 16);
        xw[1] = (uint32_t)(uint16_t)t[1] | ((uint32_t)(uint16_t)t[3] << 16);
    }
}

/* One group of four inputs for the three rows (an asm string; the loop runs two a turn). */
#define TINYFIT_GEMV_GROUP3 \
            "ldrd %[x0], %[x1], [%[xw]], #8\n\t" \
            "ldr %[u], [%[wa]], #4\n\t" \
            "sxtb16 %[ue], %[u]\n\t" \
            "sxtb16 %[uo], %[u], ror #8\n\t" \
            "smlad %[a0], %[x0], %[ue], %[a0]\n\t" \
            "smlad %[a0], %[x1], %[uo], %[a0]\n\t" \
            "ldr %[u], [%[wb]], #4\n\t" \
            "sxtb16 %[ue], %[u]\n\t" \
            "sxtb16 %[uo], %[u], ror #8\n\t" \
            "smlad %[a1], %[x0], %[ue], %[a1]\n\t" \
            "smlad %[a1], %[x1], %[uo], %[a1]\n\t" \
            "ldr %[u], [%[wc]], #4\n\t" \
            "sxtb16 %[ue], %[u]\n\t" \
            "sxtb16 %[uo], %[u], ror #8\n\t" \
            "smlad %[a2], %[x0], %[ue], %[a2]\n\t" \
            "smlad %[a2], %[x1], %[uo], %[a2]\n\t"

/*
 * acc[i] += row w_i · x for the three rows wa, wb, wc over `groups` groups of four (x widened by tinyfit_gemv_widen):
 * per group one LDRD of the input, and per row one load, two SXTB16 and two SMLADs (12 MACs in 16 instructions,
 * two groups a turn). The rows must hold 4·groups readable bytes (a row not a multiple of 4 reads into the next
 * one, against the input's zero padding: the caller gives the last row of the weight array from a padded copy).
 * Not inlined: called from two places, its unrolled loop once.
 */
static __attribute__((noinline, unused)) void tinyfit_gemv_3rows(const uint32_t *xw, const int8_t *wa, const int8_t *wb, const int8_t *wc, int groups, uint32_t *acc)
{
    uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];
#if defined(__OPTIMIZE__)
    uint32_t u, ue, uo, x0, x1;
    if (groups > 0) {
        __asm__ volatile(
            /* Two groups a turn; an odd count starts with the second copy (count rounded up). */
            "tst %[n], #1\n\t"
            "itt ne\n\t"
            "addne %[n], %[n], #1\n\t"
            "bne 4f\n\t"
            "1:\n\t"
            TINYFIT_GEMV_GROUP3
            "4:\n\t"
            TINYFIT_GEMV_GROUP3
            "subs %[n], %[n], #2\n\t"
            "bne 1b"
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [wa] "+r"(wa), [wb] "+r"(wb), [wc] "+r"(wc), [xw] "+r"(xw),
              [n] "+r"(groups), [u] "=&r"(u), [ue] "=&r"(ue), [uo] "=&r"(uo), [x0] "=&r"(x0), [x1] "=&r"(x1)
            :
            : "cc", "memory");
    }
#else
    for (; groups > 0; --groups, wa += 4, wb += 4, wc += 4, xw += 2) {
        uint32_t u, v, t;
        __builtin_memcpy(&u, wa, 4);
        __builtin_memcpy(&v, wb, 4);
        __builtin_memcpy(&t, wc, 4);
        a0 = (uint32_t)__smlad(xw[1], tinyfit_sxtb16_ror8(u), __smlad(xw[0], __sxtb16(u), (int32_t)a0));
        a1 = (uint32_t)__smlad(xw[1], tinyfit_sxtb16_ror8(v), __smlad(xw[0], __sxtb16(v), (int32_t)a1));
        a2 = (uint32_t)__smlad(xw[1], tinyfit_sxtb16_ror8(t), __smlad(xw[0], __sxtb16(t), (int32_t)a2));
    }
#endif
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
}

#endif /* TINYFIT_GEMV_S8_H */
