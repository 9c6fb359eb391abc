#ifndef TINYFIT_IM2COL_S8_H
#define TINYFIT_IM2COL_S8_H

/*
 * The window of one output pixel as int16 (in - in_zp), padding taps 0, laid out for SMLAD against int8 weights
 * widened by SXTB16: elements 4g..4g+3 of the window become the two words (e0, e2) and (e1, e3) — the lanes
 * SXTB16(w) and SXTB16(w ROR 8) give for the four weights of the same group. TINYFIT_COL_PIXELS (P) pixels share
 * a word buffer, group by group (words 2P·g + 2·slot and 2P·g + 2·slot + 1), so a tile reads all with one pointer.
 * Window element order is the weights' [ky][kx][ic].
 */
#include <stdint.h>
#include <arm_acle.h>
#include "window.h"
#include "dot_s8.h"

/* The model's longest convolution window (k_h·k_w·in_c), defined by code generation; 0: no buffer, no im2col. */
#ifndef TINYFIT_IM2COL_MAX_K
#define TINYFIT_IM2COL_MAX_K 0
#endif

/*
 * Pixels per buffer: six when the model's windows are short (TINYFIT_IM2COL_MAX_K <= 256: at most 3 KB of stack),
 * so each widened weight serves six pixels; four otherwise (the buffer is 8·P bytes per group of four elements).
 */
#if TINYFIT_IM2COL_MAX_K > 0 && TINYFIT_IM2COL_MAX_K <= 256
#define TINYFIT_COL_PIXELS 6
#else
#define TINYFIT_COL_PIXELS 4
#endif

/* Int16 index of window element k of pixel `slot`: lanes 1 and 2 of each group swapped. */
#define TINYFIT_COL_INDEX(k, slot) (((k) >> 2) * (4 * TINYFIT_COL_PIXELS) + ((slot) << 2) + ((((k) & 1) << 1) | (((k) >> 1) & 1)))

/* The buffer is words (read by the tiles as words); single elements go through memcpy (no aliasing). */
static inline void tinyfit_col_put(uint32_t *col, int k, int slot, int32_t v)
{
    const int16_t h = (int16_t)v;
    __builtin_memcpy((char *)col + 2 * TINYFIT_COL_INDEX(k, slot), &h, 2);
}

/* Window element k of pixel `slot`. */
static inline int32_t tinyfit_col_get(const uint32_t *col, int k, int slot)
{
    int16_t h;
    __builtin_memcpy(&h, (const char *)col + 2 * TINYFIT_COL_INDEX(k, slot), 2);
    return h;
}

/* Elements [k, k + n) of the window: n input bytes from src (contiguous), zero point taken off. */
static inline void tinyfit_col_run(uint32_t *col, int slot, int k, const int8_t *src, int n, int32_t in_zp, uint32_t zp2)
{
    int i = 0;
    for (; i < n && ((k + i) & 3); ++i) tinyfit_col_put(col, k + i, slot, src[i] - in_zp);
    if (i + 4 <= n) {
        /* Whole groups: one word in, two words out (2·P words apart: the other pixels' lanes between). */
        uint32_t *dst = col + ((k + i) >> 2) * (2 * TINYFIT_COL_PIXELS) + (slot << 1);
        const int8_t *p = src + i;
        const int8_t *end = src + i + ((n - i) & ~3);
        i += (n - i) & ~3;
        do {
            uint32_t x;
            __builtin_memcpy(&x, p, 4);
            p += 4;
            dst[0] = __ssub16(__sxtb16(x), zp2);
            dst[1] = __ssub16(tinyfit_sxtb16_ror8(x), zp2);
            dst += 2 * TINYFIT_COL_PIXELS;
        } while (p != end);
    }
    for (; i < n; ++i) tinyfit_col_put(col, k + i, slot, src[i] - in_zp);
}

/* Elements [k, k + n) of the window are padding: 0. */
static inline void tinyfit_col_zero(uint32_t *col, int slot, int k, int n)
{
    int i = 0;
    for (; i < n && ((k + i) & 3); ++i) tinyfit_col_put(col, k + i, slot, 0);
    for (; i + 4 <= n; i += 4) {
        uint32_t *dst = col + ((k + i) >> 2) * (2 * TINYFIT_COL_PIXELS) + (slot << 1);
        dst[0] = 0u;
        dst[1] = 0u;
    }
    for (; i < n; ++i) tinyfit_col_put(col, k + i, slot, 0);
}

#if TINYFIT_IM2COL_MAX_K > 0

/*
 * For the function the copy and fill loops below are inlined into: GCC would otherwise turn them into
 * memcpy/memset calls, slower for a few bytes (a function attribute, so the loops must be inlined into it).
 */
#if defined(__GNUC__) && !defined(__clang__)
#define TINYFIT_NO_LIBCALL __attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
#else
#define TINYFIT_NO_LIBCALL __attribute__((noinline))
#endif

/* n bytes from src to dst, four at a time (unaligned word accesses: Armv7E-M allows them). */
static inline void tinyfit_copy_bytes(int8_t *dst, const int8_t *src, int n)
{
    for (; n >= 4; n -= 4, dst += 4, src += 4) {
        uint32_t x;
        __builtin_memcpy(&x, src, 4);
        __builtin_memcpy(dst, &x, 4);
    }
    for (; n > 0; --n) *dst++ = *src++;
}

/* n bytes of value v at dst. */
static inline void tinyfit_fill_bytes(int8_t *dst, int8_t v, int n)
{
    for (; n > 0; --n) *dst++ = v;
}

/*
 * The window of the output pixel whose top-left tap is (iy0, ix0) into slot `slot`: k_h x k_w taps of in_c
 * channels, pixel stride in_stride, dilations dil_h / dil_w. The window's bytes are first gathered in order into
 * `lin` (n = k_h·k_w·in_c bytes, room for 8·ceil(n/8); taps outside the in_h x in_w input, and the bytes up to the
 * next multiple of 8, hold in_zp, which widens to 0), then widened four at a time: small channel counts (first
 * layers: 1 or 3 channels) then cost little, and the buffer's last group is already 0-padded.
 */
static TINYFIT_NO_LIBCALL void tinyfit_im2col_s8(uint32_t *col, int slot, int8_t *lin, const int8_t *in, int in_h, int in_w, int in_c,
                                     int in_stride, int32_t in_zp, int k_h, int k_w, int dil_h, int dil_w, int iy0, int ix0)
{
    const int8_t zp = (int8_t)in_zp;
    const int row_n = k_w * in_c;
    int kx_lo, kx_hi, ky, kx;
    int8_t *d = lin;
    if (dil_w == 1 && in_stride == in_c && iy0 >= 0 && ix0 >= 0 && iy0 + (k_h - 1) * dil_h < in_h && ix0 + k_w <= in_w) {
        /* The whole window inside a dense input (most pixels): rows copied as they are. */
        const int8_t *src = in + (iy0 * in_w + ix0) * in_c;
        const int step = dil_h * in_w * in_c;
        for (ky = 0; ky < k_h; ++ky, d += row_n, src += step) tinyfit_copy_bytes(d, src, row_n);
        kx_lo = kx_hi = 0;
    } else {
        tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
    }
    for (ky = d == lin ? 0 : k_h; ky < k_h; ++ky, d += row_n) {
        const int iy = iy0 + ky * dil_h;
        if (iy < 0 || iy >= in_h || kx_lo >= kx_hi) {
            tinyfit_fill_bytes(d, zp, row_n);
            continue;
        }
        tinyfit_fill_bytes(d, zp, kx_lo * in_c);
        if (dil_w == 1 && in_stride == in_c) {
            tinyfit_copy_bytes(d + kx_lo * in_c, in + (iy * in_w + ix0 + kx_lo) * in_c, (kx_hi - kx_lo) * in_c);
        } else {
            for (kx = kx_lo; kx < kx_hi; ++kx) tinyfit_copy_bytes(d + kx * in_c, in + (iy * in_w + ix0 + kx * dil_w) * in_stride, in_c);
        }
        tinyfit_fill_bytes(d + kx_hi * in_c, zp, (k_w - kx_hi) * in_c);
    }
    {
        const int n4 = (k_h * row_n + 7) & ~7;
        const uint32_t zp2 = tinyfit_dsp_zp2(in_zp);
        const int8_t *p = lin;
        uint32_t *dst = col + (slot << 1);
        tinyfit_fill_bytes(d, zp, n4 - k_h * row_n);
        for (; p != lin + n4; p += 4, dst += 2 * TINYFIT_COL_PIXELS) {
            uint32_t x;
            __builtin_memcpy(&x, p, 4);
            dst[0] = __ssub16(__sxtb16(x), zp2);
            dst[1] = __ssub16(tinyfit_sxtb16_ror8(x), zp2);
        }
    }
}

#endif /* TINYFIT_IM2COL_MAX_K > 0 */

#endif /* TINYFIT_IM2COL_S8_H */
