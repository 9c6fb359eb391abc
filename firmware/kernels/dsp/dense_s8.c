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
        const int groups = (in_n + 3) >> 2;
        int i;
        /* A row not a multiple of 4 reads into the next (times the input's zero padding): the last row from a copy. */
        for (i = 0; i < 4 * groups; ++i) last_row[i] = i < in_n ? w[(out_n - 1) * in_n + i] : 0;
        for (r = 0; r < rows; ++r) {
            int8_t *out_r = out + r * out_n;
            tinyfit_gemv_widen(xw, in + r * in_n, in_n, in_zp);
            for (o = 0; o < out_n; o += 2) {
                const int k0 = per_channel ? o : 0;
                const int two = o + 1 < out_n;
                const int8_t *wa = o == out_n - 1 ? last_row : w + o * in_n;
                const int8_t *wb = !two ? wa : o + 1 == out_n - 1 ? last_row : w + (o + 1) * in_n;
                uint32_t acc0 = bias ? (uint32_t)bias[o] : 0u;
                uint32_t acc1 = bias && two ? (uint32_t)bias[o + 1] : 0u;
                tinyfit_gemv_2rows(xw, wa, wb, groups, &acc0, &acc1);
                out_r[o] = TINYFIT_DSP_OUT(acc0, out_mult[k0], out_shift[k0], out_zp, act_min, act_max);
                if (two) {
                    const int k1 = per_channel ? o + 1 : 0;
                    out_r[o + 1] = TINYFIT_DSP_OUT(acc1, out_mult[k1], out_shift[k1], out_zp, act_min, act_max);
                }
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
