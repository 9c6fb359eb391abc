#include "activation_lut_s8.h"

void tinyfit_activation_lut_s8(const int8_t *in, int in_stride, int8_t *out, int out_stride, int rows, int n,
                    const int8_t *table)
{
    int r, j;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = in + r * in_stride;
        int8_t *y = out + r * out_stride;
        for (j = 0; j < n; ++j) y[j] = table[(int)x[j] + 128];
    }
}
