#include "affine_f32.h"

void tinyfit_affine_f32(const float *in, int outer, int c, int inner, int in_stride,
                        const float *scale, const float *shift, float *out, int out_stride,
                        float act_min, float act_max)
{
    int o, ch, i;

    for (o = 0; o < outer; ++o) {
        const float *in_o = in + o * in_stride;
        float *out_o = out + o * out_stride;
        if (inner == 1) {
            /* Channels-last (NHWC): one element per channel. */
            for (ch = 0; ch < c; ++ch) {
                const float y = in_o[ch] * scale[ch] + shift[ch];
                out_o[ch] = y < act_min ? act_min : (y > act_max ? act_max : y);
            }
            continue;
        }
        for (ch = 0; ch < c; ++ch) {
            const float *in_ch = in_o + ch * inner;
            float *out_ch = out_o + ch * inner;
            const float s = scale[ch];
            const float t = shift[ch];
            for (i = 0; i < inner; ++i) {
                const float y = in_ch[i] * s + t;
                out_ch[i] = y < act_min ? act_min : (y > act_max ? act_max : y);
            }
        }
    }
}
