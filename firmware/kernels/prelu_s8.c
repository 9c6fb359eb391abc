#include "prelu_s8.h"
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_prelu_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

void tinyfit_prelu_s8(const int8_t *in, const int8_t *alpha, int n, int alpha_n, int8_t *out,
                      int32_t in_zp, int32_t alpha_zp, int32_t out_zp,
                      int32_t pos_mult, int pos_shift, int32_t neg_mult, int neg_shift)
{
    int i, ia = 0;
    for (i = 0; i < n; ++i) {
        const int32_t v = (int32_t)in[i] - in_zp;
        const int32_t r = v >= 0 ? tinyfit_requant(v, pos_mult, pos_shift)
                                 : tinyfit_requant(v * ((int32_t)alpha[ia] - alpha_zp), neg_mult, neg_shift);
        out[i] = (int8_t)tinyfit_clamp_s32(tinyfit_prelu_s8_wrap_add(r, out_zp), -128, 127);
        if (++ia == alpha_n) ia = 0;
    }
}
