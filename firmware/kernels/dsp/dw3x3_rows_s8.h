#ifndef TINYFIT_DW3X3_ROWS_S8_H
#define TINYFIT_DW3X3_ROWS_S8_H

/*
 * One channel of an int8 3x3 depthwise convolution (no dilation, any strides and padding) for the Armv7E-M DSP
 * extension, shared by the depthwise variants. The three input lines a window needs are kept as int16
 * (in - in_zp), padding 0, in a ring of three lines on the stack, interleaved element by element — each input line
 * is widened once per channel, no output needs border tests, and a window is nine contiguous int16: four
 * halfword-pair loads and SMLADs against the nine weights packed in pairs (in the order of the ring's slots for
 * the current line) plus one SMLABB: ten instructions for nine MACs. Requantization takes the exact fast form when the channel allows it
 * (requant_fast_s8.h). Code generation defines TINYFIT_DW_ROW_MAX, the longest padded row
 * ((out_w - 1)·stride_w + 3) of the model's 3x3 depthwise layers, which sizes the ring.
 */
#include <stdint.h>
#include <arm_acle.h>
#include "fixedpoint_s8.h"
#include "requant_fast_s8.h"
#include "dot_s8.h"

#ifndef TINYFIT_DW_ROW_MAX
#define TINYFIT_DW_ROW_MAX 0
#endif

/*
 * The ring runs along the longer side of the output (narrow maps such as KWS's 25x5 would pay the per-row costs
 * every five outputs otherwise): `lines` are output rows, or output columns when out_h > out_w (a transposed walk:
 * input, output and weight steps swapped). Code generation sizes TINYFIT_DW_ROW_MAX with the same rule.
 */
static inline int tinyfit_dw3x3_line(int out_h, int out_w, int stride_h, int stride_w)
{
    return out_h > out_w ? (out_h - 1) * stride_h + 3 : (out_w - 1) * stride_w + 3;
}

/* Whether a depthwise layer takes the ring path: a 3x3 window without dilation whose padded lines fit the ring. */
static inline int tinyfit_dw3x3_fits(int k_h, int k_w, int dil_h, int dil_w, int out_h, int out_w, int stride_h, int stride_w)
{
    return k_h == 3 && k_w == 3 && dil_h == 1 && dil_w == 1 && tinyfit_dw3x3_line(out_h, out_w, stride_h, stride_w) <= TINYFIT_DW_ROW_MAX;
}

#if TINYFIT_DW_ROW_MAX > 0

/* One walk over a channel: `lines` of `len` outputs; steps in elements of the input, output and weights. */
struct tinyfit_dw_walk {
    int lines, len;                 /* output lines and outputs per line */
    int in_lines, in_len;           /* input lines and elements per line */
    int in_line_step, in_step;      /* input elements between lines / along a line */
    int out_line_step, out_step;    /* output elements between lines / along a line */
    int w_line_step, w_step;        /* weight taps (times c) between window lines / along a window line */
    int stride_line, stride;        /* strides across / along lines */
    int pad_line, pad;              /* padding before the first line / element */
};

/* Padded input line il as int16 (in - in_zp) into every third element of row: n elements from -pad; lines outside the input are 0. */
static inline void tinyfit_dw_fill(int16_t *row, const int8_t *in, const struct tinyfit_dw_walk *k, int il, int n, int32_t in_zp)
{
    int j = 0;
    if (il < 0 || il >= k->in_lines) {
        for (; j < n; ++j) row[3 * j] = 0;
        return;
    }
    {
        const int step = k->in_step;
        const int8_t *src = in + il * k->in_line_step;
        const int x_end = k->in_len + k->pad < n ? k->in_len + k->pad : n;
        for (; j < k->pad && j < n; ++j) row[3 * j] = 0;
        src += (j - k->pad) * step;
        {
            /* Two elements a turn (the loop is most of a strided layer's cost). */
            int16_t *d = row + 3 * j;
            int16_t *const d_end = row + 3 * x_end;
            for (; d + 3 < d_end; d += 6, src += 2 * step) {
                const int32_t a = src[0], b = src[step];
                d[0] = (int16_t)(a - in_zp);
                d[3] = (int16_t)(b - in_zp);
            }
            if (d < d_end) d[0] = (int16_t)(*src - in_zp);
            j = x_end;
        }
        for (; j < n; ++j) row[3 * j] = 0;
    }
}

/* Two consecutive int16 of a line as one word (first in the low half): the SMLAD operand of two taps. */
static inline uint32_t tinyfit_dw_pair(const int16_t *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
}

/*
 * Output channel ch of a 3x3 depthwise layer with c channels: input channel ch of `in` (in_step elements between
 * pixels), weights w[(ky·3 + kx)·c + ch], written to out[p · out_step] for the out_h x out_w pixels p in raster order
 * — or, with walk_out, to out[0 .. out_h·out_w) in the walk's order (lines of the longer side, see
 * tinyfit_dw3x3_line; out_step ignored). Returns whether the walk went along columns (out_h > out_w).
 */
static inline int tinyfit_dw3x3_channel(const int8_t *in, int in_h, int in_w, int in_step, int c, int ch, int32_t in_zp,
                                        const int8_t *w, const int32_t *bias, int stride_h, int stride_w,
                                        int pad_top, int pad_left, int out_h, int out_w, int8_t *out, int out_step,
                                        int walk_out, int32_t out_zp, int32_t mult, int shift, int32_t act_min, int32_t act_max)
{
    /* The ring interleaves its three slots: element j of slot s at 3j + s, so a window is nine contiguous int16. */
    int16_t ring[3 * TINYFIT_DW_ROW_MAX];
    int32_t sums[TINYFIT_DW_ROW_MAX];
    int slot[3]; /* slot of window line 0, 1, 2 */
    int32_t wt[3][3]; /* wt[window line][tap along the line] */
    struct tinyfit_dw_walk k;
    const int32_t b = bias ? bias[ch] : 0;
    int32_t sum_abs = 0;
    int fast, fused, n, line, j, r, t;
    int32_t e, hz;
    if (out_h > out_w) {
        k.lines = out_w; k.len = out_h; k.in_lines = in_w; k.in_len = in_h;
        k.in_line_step = in_step; k.in_step = in_w * in_step; k.out_line_step = out_step; k.out_step = out_w * out_step;
        k.w_line_step = c; k.w_step = 3 * c; k.stride_line = stride_w; k.stride = stride_h; k.pad_line = pad_left; k.pad = pad_top;
    } else {
        k.lines = out_h; k.len = out_w; k.in_lines = in_h; k.in_len = in_w;
        k.in_line_step = in_w * in_step; k.in_step = in_step; k.out_line_step = out_w * out_step; k.out_step = out_step;
        k.w_line_step = 3 * c; k.w_step = c; k.stride_line = stride_h; k.stride = stride_w; k.pad_line = pad_top; k.pad = pad_left;
    }
    if (walk_out) {
        k.out_line_step = k.len;
        k.out_step = 1;
    }
    n = (k.len - 1) * k.stride + 3;
    in += ch;
    for (r = 0; r < 3; ++r) {
        for (t = 0; t < 3; ++t) {
            const int32_t v = w[ch + r * k.w_line_step + t * k.w_step];
            wt[r][t] = v;
            sum_abs += v < 0 ? -v : v;
        }
    }
    {
        const int64_t dev = in_zp < 0 ? 127 - in_zp : 128 + in_zp;
        const int64_t bb = b < 0 ? -(int64_t)b : (int64_t)b;
        fast = TINYFIT_FAST_REQUANT && shift <= -1 && shift >= -20 && bb + sum_abs * dev < ((int64_t)1 << 29);
    }
    fused = fast && k.stride == 1 && k.out_step == 1 && act_min == -128 && act_max == 127;
    e = -shift;
    hz = fast ? tinyfit_requant_hz(e, out_zp) : 0;
    /* The first output line's three input lines; each next line keeps the ones it shares (strides 1 and 2). */
    for (r = 0; r < 3; ++r) {
        slot[r] = r;
        tinyfit_dw_fill(ring + r, in, &k, r - k.pad_line, n, in_zp);
    }
    for (line = 0; line < k.lines; ++line) {
        const int il0 = line * k.stride_line - k.pad_line;
        uint32_t p0, p1, p2, p3;
        int32_t w8;
        if (line > 0) {
            const int s0 = slot[0], s1 = slot[1];
            if (k.stride_line == 1) {
                slot[0] = slot[1]; slot[1] = slot[2]; slot[2] = s0;
                tinyfit_dw_fill(ring + slot[2], in, &k, il0 + 2, n, in_zp);
            } else if (k.stride_line == 2) {
                slot[0] = slot[2]; slot[1] = s0; slot[2] = s1;
                tinyfit_dw_fill(ring + slot[1], in, &k, il0 + 1, n, in_zp);
                tinyfit_dw_fill(ring + slot[2], in, &k, il0 + 2, n, in_zp);
            } else {
                for (r = 0; r < 3; ++r) tinyfit_dw_fill(ring + slot[r], in, &k, il0 + r, n, in_zp);
            }
        }
        /* The window's nine int16 are taps (t, slot s) at 3t + s: their weights, paired for SMLAD. */
        {
            int32_t e[9];
            for (r = 0; r < 3; ++r) for (t = 0; t < 3; ++t) e[3 * t + slot[r]] = wt[r][t];
            p0 = (uint32_t)(uint16_t)e[0] | ((uint32_t)(uint16_t)e[1] << 16);
            p1 = (uint32_t)(uint16_t)e[2] | ((uint32_t)(uint16_t)e[3] << 16);
            p2 = (uint32_t)(uint16_t)e[4] | ((uint32_t)(uint16_t)e[5] << 16);
            p3 = (uint32_t)(uint16_t)e[6] | ((uint32_t)(uint16_t)e[7] << 16);
            w8 = e[8];
        }
        if (fused) {
            /* Stride 1 along the line, contiguous outputs, the fast requantization to the whole int8 range: one pass
             * (fourteen live values, all in registers). */
            const int16_t *x = ring;
            int8_t *o = out + line * k.out_line_step;
            int8_t *const o_end = o + k.len;
            do {
                int32_t acc = b, v;
                acc = __smlad(tinyfit_dw_pair(x), p0, acc);
                acc = __smlad(tinyfit_dw_pair(x + 2), p1, acc);
                acc = __smlad(tinyfit_dw_pair(x + 4), p2, acc);
                acc = __smlad(tinyfit_dw_pair(x + 6), p3, acc);
                acc = __smlabb((int32_t)x[8], w8, acc);
                x += 3;
                v = tinyfit_smmulr((int32_t)((uint32_t)acc << 1), mult);
                *o++ = (int8_t)__ssat((v + (v >> 31) + hz) >> e, 8);
            } while (o != o_end);
            continue;
        }
        /* Two passes per output line, each with its constants in registers: the sums, then their requantization. */
        {
            const int16_t *x = ring;
            const int st = 3 * k.stride;
            for (j = 0; j < k.len; ++j, x += st) {
                int32_t acc = b;
                acc = __smlad(tinyfit_dw_pair(x), p0, acc);
                acc = __smlad(tinyfit_dw_pair(x + 2), p1, acc);
                acc = __smlad(tinyfit_dw_pair(x + 4), p2, acc);
                acc = __smlad(tinyfit_dw_pair(x + 6), p3, acc);
                acc = __smlabb((int32_t)x[8], w8, acc);
                sums[j] = acc;
            }
        }
        {
            int8_t *o = out + line * k.out_line_step;
            const int os = k.out_step;
            if (fast) {
                if (act_min == -128 && act_max == 127) {
                    for (j = 0; j < k.len; ++j, o += os) *o = (int8_t)__ssat(tinyfit_requant_fast(sums[j], mult, e, hz), 8);
                } else {
                    for (j = 0; j < k.len; ++j, o += os) *o = tinyfit_clamp_s8(tinyfit_requant_fast(sums[j], mult, e, hz), act_min, act_max);
                }
            } else {
                for (j = 0; j < k.len; ++j, o += os) *o = TINYFIT_DSP_OUT((uint32_t)sums[j], mult, shift, out_zp, act_min, act_max);
            }
        }
    }
    return out_h > out_w;
}

#endif /* TINYFIT_DW_ROW_MAX > 0 */

#endif /* TINYFIT_DW3X3_ROWS_S8_H */
