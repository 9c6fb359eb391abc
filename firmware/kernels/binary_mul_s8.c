#include "binary_mul_s8.h"
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_binary_mul_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

void tinyfit_binary_mul_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t b_zp, int32_t out_zp, int32_t out_mult, int out_shift,
                    int32_t act_min, int32_t act_max)
{
    int i, ia = 0, ib = 0;
    for (i = 0; i < n; ++i) {
        const int32_t prod = ((int32_t)a[ia] - a_zp) * ((int32_t)b[ib] - b_zp); /* |prod| <= 255^2 */
        const int32_t y = tinyfit_binary_mul_s8_wrap_add(tinyfit_requant(prod, out_mult, out_shift), out_zp);
        out[i] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        if (++ia == na) ia = 0;
        if (++ib == nb) ib = 0;
    }
}
