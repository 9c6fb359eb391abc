#include "affine_f32.h"

void tinyfit_affine_f32(const float *in, int outer, int c, int inner,
                        const float *scale, const float *shift, float *out,
                        float act_min, float act_max)
{
    int o, ch, i;

    for (o = 0; o < outer; ++o) {
        for (ch = 0; ch < c; ++ch) {
            const int base = (o * c + ch) * inner;
            const float s = scale[ch];
            const float t = shift[ch];
            for (i = 0; i < inner; ++i) {
                const float y = in[base + i] * s + t;
                out[base + i] = y < act_min ? act_min : (y > act_max ? act_max : y);
            }
        }
    }
}
