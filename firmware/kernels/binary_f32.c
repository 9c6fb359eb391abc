#include "binary_f32.h"

static float tinyfit_binary_f32_apply(int fn, float x, float y)
{
    switch (fn) {
    case TINYFIT_BIN_SUB:
        return x - y;
    case TINYFIT_BIN_MUL:
        return x * y;
    case TINYFIT_BIN_MAX:
        return x > y ? x : y;
    case TINYFIT_BIN_MIN:
        return x < y ? x : y;
    case TINYFIT_BIN_ADD:
    default:
        return x + y;
    }
}

void tinyfit_binary_f32(const float *a, int na, const float *b, int nb, float *out, int n, int fn,
                        float act_min, float act_max)
{
    /* out[i] depends only on a[i % na] and b[i % nb], so out == a or out == b is safe when that operand is
     * full size. Wrapping counters replace the modulo in the loop. */
    int i;
    int ia = 0;
    int ib = 0;

    for (i = 0; i < n; ++i) {
        float y = tinyfit_binary_f32_apply(fn, a[ia], b[ib]);
        out[i] = y < act_min ? act_min : (y > act_max ? act_max : y);
        if (++ia == na) ia = 0;
        if (++ib == nb) ib = 0;
    }
}
