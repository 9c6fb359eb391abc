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

/* Entries [j, end) of a row against the input at in_px: acc + sum of x*w (the zero point is the caller's). */
static inline uint32_t tinyfit_conv_row_dot(const tinyfit_conv_row *r, const int8_t *in_px, int j, int end, uint32_t acc)
{
    for (; j + 2 <= end; j += 2) {
        acc += (uint32_t)((int32_t)in_px[r->off[j]] * (int32_t)r->w[j]);
        acc += (uint32_t)((int32_t)in_px[r->off[j + 1]] * (int32_t)r->w[j + 1]);
    }
    if (j < end) acc += (uint32_t)((int32_t)in_px[r->off[j]] * (int32_t)r->w[j]);
    return acc;
}

/*
 * Output channel oc of every pixel from row r: acc = bias + sum over the in-bounds taps' entries of
 * w * (x - in_zp), wrapping modulo 2^32 like the reference; the zero point's share is w_sum * in_zp for a
 * window wholly inside the input, else the sum of the visited runs' weights.
 */
static inline void tinyfit_conv_row_sweep(const tinyfit_conv_row *r, const tinyfit_conv_geom *g, int oc,
                                          int32_t bias, int32_t mult, int shift)
{
    const int k_w = g->k_w;
    const uint32_t full_zp = (uint32_t)r->w_sum * (uint32_t)g->in_zp;
    int oy, ox, ky, j;

    for (oy = 0; oy < g->out_h; ++oy) {
        const int iy0 = oy * g->stride_h - g->pad_top;
        int ky_lo, ky_hi;
        tinyfit_window_taps(iy0, g->k_h, g->dil_h, g->in_h, &ky_lo, &ky_hi);
        for (ox = 0; ox < g->out_w; ++ox) {
            const int ix0 = ox * g->stride_w - g->pad_left;
            int kx_lo, kx_hi;
            uint32_t acc = (uint32_t)bias;
            tinyfit_window_taps(ix0, k_w, g->dil_w, g->in_w, &kx_lo, &kx_hi);
            if (ky_lo == 0 && ky_hi == g->k_h && kx_lo == 0 && kx_hi == k_w) {
                /* the whole window is inside the input: one run, the zero point folded into w_sum */
                acc = tinyfit_conv_row_dot(r, g->in + (iy0 * g->in_w + ix0) * g->in_stride, 0, r->n, acc) - full_zp;
            } else if (kx_lo < kx_hi) {
                /* index of the window origin (may be negative: only in-bounds taps are read) */
                const int32_t base = (iy0 * g->in_w + ix0) * g->in_stride;
                for (ky = ky_lo; ky < ky_hi; ++ky) {
                    const int end = r->tap[ky * k_w + kx_hi];
                    for (j = r->tap[ky * k_w + kx_lo]; j < end; ++j)
                        acc += (uint32_t)(((int32_t)g->in[base + r->off[j]] - g->in_zp) * (int32_t)r->w[j]);
                }
            }
            g->out[(oy * g->out_w + ox) * g->out_stride + oc] =
                tinyfit_requant_out_s8(acc, mult, shift, g->out_zp, g->act_min, g->act_max);
        }
    }
}

/* Whether the rows of this geometry fit the row buffers (generated code sizes them from the model). */
static inline int tinyfit_conv_rows_fit(const tinyfit_conv_geom *g)
{
    return g->k_h * g->k_w <= TINYFIT_CONV_TAPS_MAX && g->k_h * g->k_w * g->in_c <= TINYFIT_CONV_ROW_MAX;
}

#endif /* TINYFIT_CONV_ROWS_S8_H */
