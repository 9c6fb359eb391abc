#include "softmax_f32.h"
#include <math.h>

void tinyfit_softmax_f32(const float *in, int outer, int n, int inner, float *out)
{
    int o, i, k;

    if (n <= 0) return;
    for (o = 0; o < outer; ++o) {
        for (i = 0; i < inner; ++i) {
            const float *x = in + o * n * inner + i;
            float *y = out + o * n * inner + i;
            float max = x[0], sum = 0.0f;

            /* Subtracting the max keeps expf in (0, 1]: no overflow. */
            for (k = 1; k < n; ++k) {
                if (x[k * inner] > max) max = x[k * inner];
            }
            /* Each x[k] is read before y[k] is written, so in == out works. */
            for (k = 0; k < n; ++k) {
                const float e = expf(x[k * inner] - max);
                y[k * inner] = e;
                sum += e;
            }
            for (k = 0; k < n; ++k) y[k * inner] /= sum;
        }
    }
}
