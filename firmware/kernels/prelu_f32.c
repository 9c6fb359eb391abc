#include "prelu_f32.h"

void tinyfit_prelu_f32(const float *in, const float *alpha, int n, int alpha_n, float *out)
{
    int i, j = 0; /* j tracks i % alpha_n without a division per element */

    for (i = 0; i < n; ++i) {
        const float x = in[i];
        out[i] = x > 0.0f ? x : alpha[j] * x;
        if (++j == alpha_n) j = 0;
    }
}
