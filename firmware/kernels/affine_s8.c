#include "affine_s8.h"
#include "fixedpoint_s8.h"

void tinyfit_affine_s8(const int8_t *in, int outer, int c, int inner, int in_stride, int32_t in_zp,
                       const int8_t *scale, const int32_t *shift_q,
                       int8_t *out, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max)
{
    int o, ch, i;

    for (o = 0; o < outer; ++o) {
        const int8_t *in_o = in + o * in_stride;
        int8_t *out_o = out + o * out_stride;
        for (ch = 0; ch < c; ++ch) {
            const int8_t *in_ch = in_o + ch * inner;
            int8_t *out_ch = out_o + ch * inner;
            const int32_t s = scale[ch];
            const uint32_t t = (uint32_t)shift_q[ch];
            const int32_t mult = out_mult[ch];
            const int shift = out_shift[ch];
            /* Each element is read before its own slot is written: in place is safe. */
            for (i = 0; i < inner; ++i) {
                /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
                const uint32_t acc = (uint32_t)(((int32_t)in_ch[i] - in_zp) * s) + t;
                int32_t y = tinyfit_requant((int32_t)acc, mult, shift);
                y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                out_ch[i] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
            }
        }
    }
}
