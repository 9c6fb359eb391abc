#include "dense_s8.h"
#include "fixedpoint_s8.h"
#include "dot_zp_s8.h"

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
        for (o = 0; o < out_n; ++o) {
            const int8_t *w_o = w + o * in_n;
            const int k = per_channel ? o : 0;
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = bias ? (uint32_t)bias[o] : 0u;
            int32_t y;
            acc = tinyfit_dot_zp_s8(in_r, w_o, in_n, in_zp, acc);
            y = tinyfit_requant((int32_t)acc, out_mult[k], out_shift[k]);
            y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
            out_r[o] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        }
    }
}
