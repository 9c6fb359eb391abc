/*
 * The common part of the int8 conv2d kernels on compressed weights (conv2d_sparse_s8, conv2d_clustered_s8,
 * conv2d_s4; formats in src/ir/storage): header only (static inline), shared like window.h.
 *
 * Why this shape: a compressed weight row cannot be indexed by (ky, kx, ci), and walking the compressed stream
 * for every output pixel would pay its decoding (gap nibbles, position counters, codebook lookups) pixel after
 * pixel. So the kernels decode one output channel's row (k_h*k_w*in_c weights in the tensor's order kh, kw, ci)
 * once into a list of its NONZERO weights, each with its input offset from the window's origin, grouped by tap
 * (tap t = ky*k_w + kx), and sweep every output pixel with that list. Per pixel and kept weight that is one
 * offset, one weight and one input load and a multiply-accumulate; zero weights (pruned, or the zero cluster)
 * cost nothing. Padding clips whole runs: the in-bounds taps of a kernel row are consecutive kx, so their
 * entries are one contiguous run of the list, [tap[ky*k_w + kx_lo], tap[ky*k_w + kx_hi]).
 *
 * Consequence: the output is written channel by channel, not pixel by pixel, so these kernels do not follow the
 * streaming contract of README.md (raster order, `reverse`); the memory planner never overlaps their output with
 * their input (src/plan/writeBehind.ts).
 *
 * Stack: one tinyfit_conv_row, about 5 * TINYFIT_CONV_ROW_MAX + 4 * TINYFIT_CONV_TAPS_MAX bytes. Code generation
 * prepends both defines, from the model's largest compressed conv2d (src/codegen/kernelConfig.ts); a layer
 * larger than them is not computed (its output is left unwritten), which generated code never produces.
 */
#ifndef TINYFIT_CONV_ROWS_S8_H
#define TINYFIT_CONV_ROWS_S8_H

#include <stdint.h>
#include "fixedpoint_s8.h"
#include "window.h"

#ifndef TINYFIT_CONV_ROW_MAX
#define TINYFIT_CONV_ROW_MAX 512 /* weights per output channel, k_h*k_w*in_c */
#endif
#ifndef TINYFIT_CONV_TAPS_MAX
#define TINYFIT_CONV_TAPS_MAX 64 /* taps per window, k_h*k_w */
#endif

/* The geometry and the output side of one conv2d call (arguments as conv2d_s8.h). */
typedef struct {
    const int8_t *in;
    int in_h, in_w, in_c, in_stride;
    int32_t in_zp;
    int k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
    int8_t *out;
    int out_h, out_w, out_stride;
    int32_t out_zp, act_min, act_max;
    int ox_lo, ox_hi; /* set by tinyfit_conv_geom_prepare */
} tinyfit_conv_geom;

/* One output channel's nonzero weights, their input offsets, grouped by tap; and the position of the next weight. */
typedef struct {
    int32_t off[TINYFIT_CONV_ROW_MAX]; /* (ky*dil_h*in_w + kx*dil_w)*in_stride + ci */
    int8_t w[TINYFIT_CONV_ROW_MAX];
    int tap[TINYFIT_CONV_TAPS_MAX + 1]; /* tap[t]: first entry of tap t; tap[k_h*k_w] = n */
    int n;
    int32_t w_sum; /* sum of w[0..n): the input zero point's share of a full window */
    /* the next weight's position: tap t (column kx), channel ci, input offset of the tap */
    int t, kx, ci;
    int32_t tap_off;
    int in_c, k_w, col_step, row_step;
} tinyfit_conv_row;

/* Starts an empty row at position 0. */
static inline void tinyfit_conv_row_begin(tinyfit_conv_row *r, const tinyfit_conv_geom *g)
{
    r->n = 0;
    r->w_sum = 0;
    r->t = 0;
    r->kx = 0;
    r->ci = 0;
    r->tap_off = 0;
    r->tap[0] = 0;
    r->in_c = g->in_c;
    r->k_w = g->k_w;
    r->col_step = g->dil_w * g->in_stride;
    r->row_step = g->dil_h * g->in_w * g->in_stride - g->k_w * r->col_step; /* from past the last column to the next row */
}

/* Moves the position `count` weights on: (t, ci) incrementally, no division (one step per tap crossed). */
static inline void tinyfit_conv_row_skip(tinyfit_conv_row *r, int count)
{
    r->ci += count;
    while (r->ci >= r->in_c) {
        r->ci -= r->in_c;
        r->tap[++r->t] = r->n;
        r->tap_off += r->col_step;
        if (++r->kx == r->k_w) {
            r->kx = 0;
            r->tap_off += r->row_step;
        }
    }
}

/* The weight at the current position (kept when nonzero), then the next position. */
static inline void tinyfit_conv_row_put(tinyfit_conv_row *r, int32_t v)
{
    if (v != 0) {
        r->off[r->n] = r->tap_off + r->ci;
        r->w[r->n] = (int8_t)v;
        r->w_sum += v;
        ++r->n;
    }
    tinyfit_conv_row_skip(r, 1);
}

/* Closes the row: the taps after the last weight start (and end) at n. */
static inline void tinyfit_conv_row_end(tinyfit_conv_row *r, int taps)
{
    while (r->t < taps) r->tap[++r->t] = r->n;
}

/*
 * Two horizontally adjacent pixels whose windows lie wholly inside the input, at in_px and in_px + step: *acc0 and
 * *acc1 plus the sum of x*w over the whole row (no zero point). Each entry's offset and weight are loaded once
 * for both pixels (about three instructions per multiply-accumulate instead of five on Cortex-M4).
 */
static inline void tinyfit_conv_row_dot2(const tinyfit_conv_row *r, const int8_t *in_px, int step, uint32_t *acc0, uint32_t *acc1)
{
    const int8_t *in_px1 = in_px + step;
    const int32_t *off = r->off;
    const int8_t *w = r->w;
    uint32_t s0 = *acc0, s1 = *acc1;
    int j = r->n;
    for (; j >= 2; j -= 2, off += 2, w += 2) {
        const int32_t o0 = off[0], o1 = off[1];
        const int32_t w0 = w[0], w1 = w[1];
        s0 += (uint32_t)((int32_t)in_px[o0] * w0);
        s1 += (uint32_t)((int32_t)in_px1[o0] * w0);
        s0 += (uint32_t)((int32_t)in_px[o1] * w1);
        s1 += (uint32_t)((int32_t)in_px1[o1] * w1);
    }
    if (j > 0) {
        s0 += (uint32_t)((int32_t)in_px[off[0]] * (int32_t)w[0]);
        s1 += (uint32_t)((int32_t)in_px1[off[0]] * (int32_t)w[0]);
    }
    *acc0 = s0;
    *acc1 = s1;
}

/*
 * acc + the in-bounds taps' share of pixel (iy0, ix0) (window origin, possibly outside the input) whose kernel
 * rows [ky_lo, ky_hi) land inside: w * (x - in_zp) over the runs [tap[ky*k_w + kx_lo], tap[ky*k_w + kx_hi]).
 */
static inline uint32_t tinyfit_conv_row_clipped(const tinyfit_conv_row *r, const tinyfit_conv_geom *g, int iy0, int ix0,
                                                int ky_lo, int ky_hi, uint32_t acc)
{
    /* index of the window origin (may be negative: only in-bounds taps are read) */
    const int32_t base = (iy0 * g->in_w + ix0) * g->in_stride;
    int kx_lo, kx_hi, ky, j;
    tinyfit_window_taps(ix0, g->k_w, g->dil_w, g->in_w, &kx_lo, &kx_hi);
    if (kx_lo >= kx_hi) return acc;
    for (ky = ky_lo; ky < ky_hi; ++ky) {
        const int end = r->tap[ky * g->k_w + kx_hi];
        for (j = r->tap[ky * g->k_w + kx_lo]; j < end; ++j)
            acc += (uint32_t)(((int32_t)g->in[base + r->off[j]] - g->in_zp) * (int32_t)r->w[j]);
    }
    return acc;
}

/*
 * Output channel oc of every pixel from row r: acc = bias + sum over the in-bounds taps' entries of
 * w * (x - in_zp), wrapping modulo 2^32 like the reference. Pixels whose window lies wholly inside the input
 * (columns [ox_lo, ox_hi) of the rows whose kernel rows are all inside) run over the whole list two at a time
 * with the zero point folded into w_sum * in_zp; the others (and an odd last interior column) visit their
 * in-bounds runs. One call site per path keeps the kernels small (2.4–3.4 KB at -O2, 1.6–1.8 KB at -Os on Cortex-M4 with the Huffman stream decoder).
 */
static inline void tinyfit_conv_row_sweep(const tinyfit_conv_row *r, const tinyfit_conv_geom *g, int oc,
                                          int32_t bias, int32_t mult, int shift)
{
    const uint32_t bias_full = (uint32_t)bias - (uint32_t)r->w_sum * (uint32_t)g->in_zp;
    const int px_step = g->stride_w * g->in_stride;
    int oy, ox;

    for (oy = 0; oy < g->out_h; ++oy) {
        const int iy0 = oy * g->stride_h - g->pad_top;
        int8_t *o = g->out + oy * g->out_w * g->out_stride + oc;
        int ky_lo, ky_hi, a, b;
        tinyfit_window_taps(iy0, g->k_h, g->dil_h, g->in_h, &ky_lo, &ky_hi);
        /* columns [a, b) are interior when every kernel row is inside */
        a = ky_lo == 0 && ky_hi == g->k_h ? g->ox_lo : g->out_w;
        b = ky_lo == 0 && ky_hi == g->k_h ? g->ox_hi : g->out_w;
        ox = 0;
        while (ox < g->out_w) {
            if (ox == a && ox + 1 < b) {
                /* interior pairs; an odd last interior column takes the clipped path below (same sum) */
                const int8_t *px = g->in + (iy0 * g->in_w + ox * g->stride_w - g->pad_left) * g->in_stride;
                for (; ox + 1 < b; ox += 2, px += 2 * px_step, o += 2 * g->out_stride) {
                    uint32_t acc0 = bias_full, acc1 = bias_full;
                    tinyfit_conv_row_dot2(r, px, px_step, &acc0, &acc1);
                    o[0] = tinyfit_requant_out_s8(acc0, mult, shift, g->out_zp, g->act_min, g->act_max);
                    o[g->out_stride] = tinyfit_requant_out_s8(acc1, mult, shift, g->out_zp, g->act_min, g->act_max);
                }
                continue;
            }
            *o = tinyfit_requant_out_s8(tinyfit_conv_row_clipped(r, g, iy0, ox * g->stride_w - g->pad_left, ky_lo, ky_hi, (uint32_t)bias),
                                        mult, shift, g->out_zp, g->act_min, g->act_max);
            o += g->out_stride;
            ++ox;
        }
    }
}

/*
 * Completes the geometry (the interior columns [ox_lo, ox_hi): windows whose columns all land inside the input)
 * and says whether its rows fit the row buffers (generated code sizes them from the model).
 */
static inline int tinyfit_conv_geom_prepare(tinyfit_conv_geom *g)
{
    const int span = (g->k_w - 1) * g->dil_w + 1;
    const int last = g->in_w - span + g->pad_left; /* ox * stride_w <= last for the last column inside */
    int lo = g->pad_left > 0 ? (g->pad_left + g->stride_w - 1) / g->stride_w : 0;
    int hi = last < 0 ? 0 : last / g->stride_w + 1;
    if (hi > g->out_w) hi = g->out_w;
    if (lo > hi) lo = hi;
    g->ox_lo = lo;
    g->ox_hi = hi;
    return g->k_h * g->k_w <= TINYFIT_CONV_TAPS_MAX && g->k_h * g->k_w * g->in_c <= TINYFIT_CONV_ROW_MAX;
}

#endif /* TINYFIT_CONV_ROWS_S8_H */
