#include "concat_f32.h"
#include <string.h>

void tinyfit_concat_f32(const float *const *ins, const int *axis_sizes, int n_inputs,
                        int outer, int inner, float *out)
{
    int o, k;

    /* Per outer index, each input contributes one contiguous block of axis_size*inner. */
    for (o = 0; o < outer; ++o) {
        for (k = 0; k < n_inputs; ++k) {
            const int block = axis_sizes[k] * inner;
            if (block > 0) {
                memcpy(out, ins[k] + o * block, (size_t)block * sizeof(float));
                out += block;
            }
        }
    }
}
