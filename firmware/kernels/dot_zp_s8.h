/*
 * The portable int8 kernels' innermost loop: acc + sum((x[i] - zp) * w[i]) over n elements, modulo 2^32 (the
 * TypeScript reference's wrapping sum, in uint32 so no signed overflow), shared by conv2d_s8 and dense_s8.
 * Why a function of its own: the loop then has few live values (8 instructions per MAC on Cortex-M0; unrolled by four, about 5 on M4).
 * Inlined into a kernel's nest of pixel and channel loops, GCC at -Os ran out of registers and kept the
 * pointers and the zero point on the stack (the conv took ~15 instructions per MAC on Cortex-M4 at -Os, 6 at
 * -O2), so at -Os (GCC and Clang define __OPTIMIZE_SIZE__ for -Os/-Oz) it stays out of line, for the cost of
 * one call per run of taps; at other levels the compiler inlines it as it sees fit.
 */
#ifndef TINYFIT_DOT_ZP_S8_H
#define TINYFIT_DOT_ZP_S8_H

#include <stdint.h>

/* The function's storage class and attributes: out of line at -Os (GCC's noinline excludes `inline`), else static inline. */
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
#define TINYFIT_DOT_ZP_S8_FN static __attribute__((noinline, unused))
#else
#define TINYFIT_DOT_ZP_S8_FN static inline
#endif

TINYFIT_DOT_ZP_S8_FN uint32_t tinyfit_dot_zp_s8(const int8_t *x, const int8_t *w, int n, int32_t zp, uint32_t acc)
{
    int i = 0;
    /* Four products per iteration (fewer loop instructions per MAC), then the rest; indexed and tested at the
     * bottom (-Os does not rotate loops). Not on Thumb-1 (Cortex-M0/M0+): its LDRSB takes no immediate offset,
     * so each unrolled load costs an extra instruction and the one-product loop is faster. */
#if !(defined(__thumb__) && !defined(__thumb2__))
    if (n >= 4) {
        do {
            acc += (uint32_t)(((int32_t)x[i] - zp) * (int32_t)w[i]) + (uint32_t)(((int32_t)x[i + 1] - zp) * (int32_t)w[i + 1]) +
                   (uint32_t)(((int32_t)x[i + 2] - zp) * (int32_t)w[i + 2]) + (uint32_t)(((int32_t)x[i + 3] - zp) * (int32_t)w[i + 3]);
            i += 4;
        } while (i + 4 <= n);
    }
#endif
    if (i < n) {
        do {
            acc += (uint32_t)(((int32_t)x[i] - zp) * (int32_t)w[i]);
        } while (++i < n);
    }
    return acc;
}

#endif
