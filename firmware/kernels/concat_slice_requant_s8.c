#include "concat_slice_requant_s8.h"
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_concat_slice_requant_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

void tinyfit_concat_slice_requant_s8(const int8_t *in, int rows, int n, int in_stride, int32_t in_zp,
                           int8_t *out, int out_stride, int32_t out_zp, int32_t mult, int shift)
{
    int r, j;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = in + r * in_stride;
        int8_t *y = out + r * out_stride;
        for (j = 0; j < n; ++j) {
            const int32_t v = tinyfit_concat_slice_requant_s8_wrap_add(tinyfit_requant((int32_t)x[j] - in_zp, mult, shift), out_zp);
            y[j] = (int8_t)tinyfit_clamp_s32(v, -128, 127);
        }
    }
}
