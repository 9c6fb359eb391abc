#include "concat_s8.h"
#include <string.h>
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_concat_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

void tinyfit_concat_s8(const int8_t *const *ins, const int *axis_sizes, int n_inputs, int outer, int inner,
                       int8_t *out, const int32_t *in_zp, const int32_t *in_mult, const int32_t *in_shift,
                       const int *in_copy, int32_t out_zp)
{
    int o, k, j;
    for (o = 0; o < outer; ++o) {
        for (k = 0; k < n_inputs; ++k) {
            const int blk = axis_sizes[k] * inner;
            const int8_t *src = ins[k] + o * blk;
            if (in_copy[k]) {
                if (blk > 0) memcpy(out, src, (size_t)blk);
            } else {
                for (j = 0; j < blk; ++j) {
                    const int32_t v = tinyfit_concat_s8_wrap_add(
                        tinyfit_requant((int32_t)src[j] - in_zp[k], in_mult[k], (int)in_shift[k]), out_zp);
                    out[j] = (int8_t)tinyfit_clamp_s32(v, -128, 127);
                }
            }
            out += blk;
        }
    }
}
