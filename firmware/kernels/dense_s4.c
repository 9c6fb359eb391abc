/*
 * int4-weight fully connected layer (int8 activations): two weights per byte, as CMSIS-NN's
 * arm_fully_connected_s4 stores them. Why: half the flash of int8 weights, for a shift, a mask and a sign
 * extension per weight. Format: dense_s4.h.
 */
#include "dense_s4.h"
#include "fixedpoint_s8.h"

void tinyfit_dense_s4(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const uint8_t *packed, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    int r, o, i;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        uint32_t j = 0; /* nibble index of w[o][i] */
        for (o = 0; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = bias ? (uint32_t)bias[o] : 0u;
            int32_t y;
            for (i = 0; i < in_n; ++i, ++j) {
                const unsigned nib = ((unsigned)packed[j >> 1] >> ((j & 1u) << 2)) & 15u;
                const int32_t w = (int32_t)(nib ^ 8u) - 8; /* sign-extend 4 bits without shifting a negative */
                acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * w);
            }
            y = tinyfit_requant((int32_t)acc, out_mult[k], out_shift[k]);
            y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
            out_r[o] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        }
    }
}
