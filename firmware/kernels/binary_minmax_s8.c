#include "binary_minmax_s8.h"
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_binary_minmax_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t tinyfit_binary_minmax_s8_operand(int8_t q, int32_t zp, int32_t mult, int shift, int copy, int32_t out_zp)
{
    if (copy) return q;
    return tinyfit_clamp_s32(tinyfit_binary_minmax_s8_wrap_add(tinyfit_requant((int32_t)q - zp, mult, shift), out_zp), -128, 127);
}

void tinyfit_binary_minmax_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                       int32_t a_zp, int32_t a_mult, int a_shift, int a_copy,
                       int32_t b_zp, int32_t b_mult, int b_shift, int b_copy,
                       int32_t out_zp, int is_min, int32_t act_min, int32_t act_max)
{
    int i, ia = 0, ib = 0;
    for (i = 0; i < n; ++i) {
        const int32_t u = tinyfit_binary_minmax_s8_operand(a[ia], a_zp, a_mult, a_shift, a_copy, out_zp);
        const int32_t v = tinyfit_binary_minmax_s8_operand(b[ib], b_zp, b_mult, b_shift, b_copy, out_zp);
        const int32_t y = is_min ? (u < v ? u : v) : (u > v ? u : v);
        out[i] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        if (++ia == na) ia = 0;
        if (++ib == nb) ib = 0;
    }
}
