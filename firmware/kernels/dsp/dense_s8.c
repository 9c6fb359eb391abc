/*
 * Int8 fully connected layer for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the portable
 * kernel's signature and results (dense_s8.h), two output rows per widened input (dot_s8.h).
 */
#include "dense_s8.h"
#include "fixedpoint_s8.h"
#include "dot_s8.h"

void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    int r, o;

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
