#include "dense_f32.h"

void tinyfit_dense_f32(const float *in, int rows, int in_n, const float *w,
                       const float *bias, int out_n, float *out,
                       float act_min, float act_max)
{
    int r, o, i;

    for (r = 0; r < rows; ++r) {
        const float *in_row = in + r * in_n;
        float *out_row = out + r * out_n;
        for (o = 0; o < out_n; ++o) {
            const float *w_row = w + o * in_n;
            float acc = bias ? bias[o] : 0.0f;
            for (i = 0; i < in_n; ++i) {
                acc += in_row[i] * w_row[i];
            }
            out_row[o] = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
        }
    }
}
