/*
 * int4-weight fully connected layer (int8 activations): two weights per byte, as CMSIS-NN's
 * arm_fully_connected_s4 stores them. Why: half the flash of int8 weights, for a shift, a mask and a sign
 * extension per weight. Format: dense_s4.h.
 */
#include "dense_s4.h"
#include "fixedpoint_s8.h"
#include "bias_s8.h"

/* The signed 4-bit weight in the low / high nibble of a byte (sign extension without shifting a negative). */
static inline int32_t tinyfit_s4_lo(unsigned b) { return (int32_t)((b & 15u) ^ 8u) - 8; }
static inline int32_t tinyfit_s4_hi(unsigned b) { return (int32_t)((b >> 4) ^ 8u) - 8; }

void tinyfit_dense_s4(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const uint8_t *packed, const void *bias, int bias16,
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
            uint32_t acc = (uint32_t)TINYFIT_BIAS(bias, bias16, o);
            i = 0;
            if ((j & 1u) && in_n > 0) { /* the row starts in a high nibble */
                acc += (uint32_t)(((int32_t)in_r[0] - in_zp) * tinyfit_s4_hi(packed[j >> 1]));
                i = 1;
            }
            /* then whole bytes: two weights per load */
            for (; i + 2 <= in_n; i += 2) {
                const unsigned b = packed[(j + (uint32_t)i) >> 1];
                acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * tinyfit_s4_lo(b)) +
                       (uint32_t)(((int32_t)in_r[i + 1] - in_zp) * tinyfit_s4_hi(b));
            }
            if (i < in_n) acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * tinyfit_s4_lo(packed[(j + (uint32_t)i) >> 1]));
            j += (uint32_t)in_n;
            out_r[o] = tinyfit_requant_out_s8(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
