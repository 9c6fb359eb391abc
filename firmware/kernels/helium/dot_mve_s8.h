#ifndef TINYFIT_DOT_MVE_S8_H
#define TINYFIT_DOT_MVE_S8_H

/*
 * One row of int8 dot products for the Helium (MVE) conv2d and dense variants: n_out outputs from one contiguous
 * input run x[0..K) and contiguous weight rows w[o·K .. o·K + K). Four outputs at a time: sixteen input bytes
 * are loaded once and multiplied with sixteen weight bytes of each of the four outputs by VMLADAVA.S8 (sixteen
 * products into a 32-bit scalar, modulo 2^32 like the portable int32 sums), the tail predicated (VCTP.8). The
 * input zero point is taken out, Σ (x − zp)·w = Σ x·w − zp·Σ w (modulo 2^32), with Σ w from `wsum` when given,
 * else summed on the fly (VADDVA.S8; skipped when zp = 0). The four sums are requantized together
 * (requant_mve_s8.h).
 */
#include <stdint.h>
#include <arm_mve.h>
#include "requant_mve_s8.h"

/* Σ w over n bytes (modulo 2^32). */
static inline int32_t tinyfit_mve_sum_s8(const int8_t *w, int n)
{
    int32_t s = 0;
    int i;
    for (i = 0; i < n; i += 16) s = vaddvaq_s8(s, vldrbq_z_s8(w + i, vctp8q((uint32_t)(n - i))));
    return s;
}

/* Four scalars as one vector. */
static inline int32x4_t tinyfit_mve_vec4(int32_t a0, int32_t a1, int32_t a2, int32_t a3)
{
    return vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
}

/*
 * a[j] += Σ_k x[k]·wj[k] and, when with_sums, s[j] += Σ_k wj[k] over K bytes, j = 0..3 (modulo 2^32): whole
 * 16-byte steps unpredicated, then one predicated tail (inactive lanes load 0). Always inlined with a constant
 * with_sums, so the arrays live in registers and the step has no test.
 */
static inline __attribute__((always_inline)) void tinyfit_mve_dot4(const int8_t *x, int K, const int8_t *w0, const int8_t *w1, const int8_t *w2,
                                                                   const int8_t *w3, int with_sums, int32_t a[4], int32_t s[4])
{
    int i;
    for (i = 0; i < K; i += 16) {
        const mve_pred16_t p = vctp8q((uint32_t)(K - i));
        const int whole = K - i >= 16;
        const int8x16_t xv = whole ? vldrbq_s8(x + i) : vldrbq_z_s8(x + i, p);
        const int8x16_t v0 = whole ? vldrbq_s8(w0 + i) : vldrbq_z_s8(w0 + i, p);
        const int8x16_t v1 = whole ? vldrbq_s8(w1 + i) : vldrbq_z_s8(w1 + i, p);
        const int8x16_t v2 = whole ? vldrbq_s8(w2 + i) : vldrbq_z_s8(w2 + i, p);
        const int8x16_t v3 = whole ? vldrbq_s8(w3 + i) : vldrbq_z_s8(w3 + i, p);
        a[0] = vmladavaq_s8(a[0], xv, v0);
        a[1] = vmladavaq_s8(a[1], xv, v1);
        a[2] = vmladavaq_s8(a[2], xv, v2);
        a[3] = vmladavaq_s8(a[3], xv, v3);
        if (with_sums) {
            s[0] = vaddvaq_s8(s[0], v0);
            s[1] = vaddvaq_s8(s[1], v1);
            s[2] = vaddvaq_s8(s[2], v2);
            s[3] = vaddvaq_s8(s[3], v3);
        }
    }
}

/*
 * out[o] = clamp(requant(bias[o] + Σ_k (x[k] − in_zp)·w[o·K + k]) + out_zp), o in [0, n_out); requantization
 * constants per output (per_channel) or out_mult[0] / out_shift[0] for all.
 */
static inline void tinyfit_mve_dot_row(const int8_t *x, int K, const int8_t *w, int n_out, const int32_t *bias, const int32_t *wsum,
                                       int32_t in_zp, int8_t *out, const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                       int32_t out_zp, int32_t act_min, int32_t act_max)
{
    const int32_t neg_zp = (int32_t)(0u - (uint32_t)in_zp);
    const int sums = in_zp != 0 && !wsum;
    int o;
    for (o = 0; o < n_out; o += 4) {
        const int n_o = n_out - o < 4 ? n_out - o : 4;
        const mve_pred16_t p4 = vctp32q((uint32_t)n_o);
        /* Outputs past the end reuse the last one's weights; their lanes are not stored. */
        const int8_t *w0 = w + o * K;
        const int8_t *w1 = w0 + (n_o > 1 ? K : 0);
        const int8_t *w2 = w0 + (n_o > 2 ? 2 * K : 0);
        const int8_t *w3 = w0 + (n_o > 3 ? 3 * K : 0);
        int32_t a[4] = {0, 0, 0, 0}, ws[4] = {0, 0, 0, 0};
        int32x4_t acc, mult, shift;
        /* Two instances, with and without Σw, so that neither tests `sums` per step. */
        if (sums) tinyfit_mve_dot4(x, K, w0, w1, w2, w3, 1, a, ws);
        else tinyfit_mve_dot4(x, K, w0, w1, w2, w3, 0, a, ws);
        acc = tinyfit_mve_vec4(a[0], a[1], a[2], a[3]);
        if (sums) acc = vmlaq_n_s32(acc, tinyfit_mve_vec4(ws[0], ws[1], ws[2], ws[3]), neg_zp); /* − zp·Σw */
        else if (in_zp != 0) acc = vmlaq_n_s32(acc, vldrwq_z_s32(wsum + o, p4), neg_zp);
        if (bias) acc = vaddq_s32(acc, vldrwq_z_s32(bias + o, p4));
        if (per_channel) {
            mult = vldrwq_z_s32(out_mult + o, p4);
            shift = vldrbq_z_s32(out_shift + o, p4);
        } else {
            mult = vdupq_n_s32(out_mult[0]);
            shift = vdupq_n_s32(out_shift[0]);
        }
        vstrbq_p_s32(out + o, tinyfit_mve_finish(tinyfit_mve_requant(acc, mult, shift), out_zp, act_min, act_max), p4);
    }
}

#endif /* TINYFIT_DOT_MVE_S8_H */
