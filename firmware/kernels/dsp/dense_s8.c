/*
 * Int8 fully connected layer for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable
 * kernel's signature and results (dense_s8.h). Each input row is widened once (gemv_s8.h, on the stack, sized by
 * code generation: TINYFIT_GEMV_MAX_N) and meets two weight rows at a time; longer rows, or none defined, take
 * two output rows per widened input word (dot_s8.h).
 */
#include "dense_s8.h"
#include "fixedpoint_s8.h"
#include "dot_s8.h"
#include "gemv_s8.h"
#include "requant_fast_s8.h"

#if TINYFIT_GEMV_MAX_N > 0

/* Outputs per block: their sums wait on the stack for the requantization loop. */
#define DENSE_BLOCK 30

/*
 * Whether the fast requantization (requant_fast_s8.h) is exact for every output: shifts in [-20, -1] and, with
 * |w| <= 128 and |in - in_zp| <= 128 + |in_zp|, |bias| + in_n·128·dev < 2^29 — a bound from the shapes alone, no
 * pass over the weights (a GEMV uses each weight once: reading them twice would cost what the layer costs).
 */
static int dense_fast_ok(int in_n, int32_t in_zp, const int32_t *bias, int out_n, const int8_t *shift, int per_channel)
{
    const int64_t dev = in_zp < 0 ? 127 - in_zp : 128 + in_zp;
    const int64_t room = ((int64_t)1 << 29) - (int64_t)in_n * 128 * dev;
    int o;
    if (!TINYFIT_FAST_REQUANT || room <= 0) return 0;
    for (o = 0; o < (per_channel ? out_n : 1); ++o) {
        if (shift[o] > -1 || shift[o] < -20) return 0;
    }
    if (bias) {
        for (o = 0; o < out_n; ++o) {
            if ((bias[o] < 0 ? -(int64_t)bias[o] : (int64_t)bias[o]) >= room) return 0;
        }
    }
    return 1;
}

/* The int8 outputs of a block of nb sums: one loop per case, so that each keeps its constants in registers. */
static void dense_requant_block(const int32_t *sums, int nb, int8_t *out, int32_t out_zp, const int32_t *mult, const int8_t *shift,
                                int per_channel, int32_t act_min, int32_t act_max, int fast)
{
    int j;
    if (fast && !per_channel && act_min == -128 && act_max == 127) {
        const int32_t m = mult[0], e = -shift[0], hz = tinyfit_requant_hz(e, out_zp);
        for (j = 0; j < nb; ++j) out[j] = (int8_t)__ssat(tinyfit_requant_fast(sums[j], m, e, hz), 8);
    } else if (fast) {
        for (j = 0; j < nb; ++j) {
            const int k = per_channel ? j : 0;
            const int32_t e = -shift[k];
            out[j] = tinyfit_clamp_s8(tinyfit_requant_fast(sums[j], mult[k], e, tinyfit_requant_hz(e, out_zp)), act_min, act_max);
        }
    } else {
        for (j = 0; j < nb; ++j) {
            const int k = per_channel ? j : 0;
            out[j] = TINYFIT_DSP_OUT((uint32_t)sums[j], mult[k], shift[k], out_zp, act_min, act_max);
        }
    }
}

#endif

void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    int r, o;

#if TINYFIT_GEMV_MAX_N > 0
    if (in_n <= TINYFIT_GEMV_MAX_N) {
        uint32_t xw[(TINYFIT_GEMV_MAX_N + 3) / 4 * 2];
        int8_t last_row[(TINYFIT_GEMV_MAX_N + 3) / 4 * 4];
        int32_t sums[DENSE_BLOCK];
        const int groups = (in_n + 3) >> 2;
        const int fast = dense_fast_ok(in_n, in_zp, bias, out_n, out_shift, per_channel);
        int i;
        /* A row not a multiple of 4 reads into the next (times the input's zero padding): the last row from a copy. */
        const int8_t *tail = (in_n & 3) ? last_row : w + (out_n - 1) * in_n; /* whole groups: the row itself */
        if (in_n & 3) {
            for (i = 0; i < 4 * groups; ++i) last_row[i] = i < in_n ? w[(out_n - 1) * in_n + i] : 0;
        }
        for (r = 0; r < rows; ++r) {
            int8_t *out_r = out + r * out_n;
            int o0;
            tinyfit_gemv_widen(xw, in + r * in_n, in_n, in_zp);
            for (o0 = 0; o0 < out_n; o0 += DENSE_BLOCK) {
                const int nb = out_n - o0 < DENSE_BLOCK ? out_n - o0 : DENSE_BLOCK;
                const int8_t *wr = w + o0 * in_n;
                int j;
                for (j = 0; j + 3 <= nb && o0 + j + 3 < out_n; j += 3, wr += 3 * in_n) {
                    /* Three rows inside the layer, none its last. */
                    uint32_t acc[3];
                    acc[0] = bias ? (uint32_t)bias[o0 + j] : 0u;
                    acc[1] = bias ? (uint32_t)bias[o0 + j + 1] : 0u;
                    acc[2] = bias ? (uint32_t)bias[o0 + j + 2] : 0u;
                    tinyfit_gemv_3rows(xw, wr, wr + in_n, wr + 2 * in_n, groups, acc);
                    sums[j] = (int32_t)acc[0];
                    sums[j + 1] = (int32_t)acc[1];
                    sums[j + 2] = (int32_t)acc[2];
                }
                for (; j < nb; j += 3, wr += 3 * in_n) {
                    /* Rows past the layer (a block's last triple) and its last row read `tail`. */
                    const int o = o0 + j;
                    uint32_t acc[3];
                    int t;
                    for (t = 0; t < 3; ++t) acc[t] = bias && o + t < out_n ? (uint32_t)bias[o + t] : 0u;
                    tinyfit_gemv_3rows(xw, o >= out_n - 1 ? tail : wr, o + 1 >= out_n - 1 ? tail : wr + in_n,
                                       o + 2 >= out_n - 1 ? tail : wr + 2 * in_n, groups, acc);
                    for (t = 0; t < 3 && j + t < nb; ++t) sums[j + t] = (int32_t)acc[t];
                }
                dense_requant_block(sums, nb, out_r + o0, out_zp, per_channel ? out_mult + o0 : out_mult,
                                    per_channel ? out_shift + o0 : out_shift, per_channel, act_min, act_max, fast);
            }
        }
        return;
    }
#endif
    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        for (o = 0; o + 2 <= out_n; o += 2) {
            const int k0 = per_channel ? o : 0;
            const int k1 = per_channel ? o + 1 : 0;
            uint32_t acc0 = bias ? (uint32_t)bias[o] : 0u;
            uint32_t acc1 = bias ? (uint32_t)bias[o + 1] : 0u;
            tinyfit_dsp_dot2(in_r, w + o * in_n, w + (o + 1) * in_n, in_n, in_zp, &acc0, &acc1);
            out_r[o] = TINYFIT_DSP_OUT(acc0, out_mult[k0], out_shift[k0], out_zp, act_min, act_max);
            out_r[o + 1] = TINYFIT_DSP_OUT(acc1, out_mult[k1], out_shift[k1], out_zp, act_min, act_max);
        }
        for (; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            const uint32_t acc = tinyfit_dsp_dot1(in_r, w + o * in_n, in_n, in_zp, bias ? (uint32_t)bias[o] : 0u);
            out_r[o] = TINYFIT_DSP_OUT(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
