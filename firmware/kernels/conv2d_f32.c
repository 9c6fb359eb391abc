#include "conv2d_f32.h"

void tinyfit_conv2d_f32(const float *in, int in_h, int in_w, int in_c,
                        const float *w, const float *bias, int out_c,
                        int k_h, int k_w, int stride_h, int stride_w,
                        int dil_h, int dil_w, int pad_top, int pad_left,
                        float *out, int out_h, int out_w,
                        float act_min, float act_max)
{
    const int w_oc_stride = k_h * k_w * in_c;
    int oy, ox, oc, ky, kx, ic;

    for (oy = 0; oy < out_h; ++oy) {
        const int iy0 = oy * stride_h - pad_top;
        for (ox = 0; ox < out_w; ++ox) {
            const int ix0 = ox * stride_w - pad_left;
            float *out_px = out + (oy * out_w + ox) * out_c;
            for (oc = 0; oc < out_c; ++oc) {
                const float *w_oc = w + oc * w_oc_stride;
                float acc = bias ? bias[oc] : 0.0f;
                /* Out-of-bounds taps contribute 0, so they are skipped whole. */
                for (ky = 0; ky < k_h; ++ky) {
                    const int iy = iy0 + ky * dil_h;
                    if (iy < 0 || iy >= in_h) continue;
                    for (kx = 0; kx < k_w; ++kx) {
                        const int ix = ix0 + kx * dil_w;
                        const float *in_px;
                        const float *w_px;
                        if (ix < 0 || ix >= in_w) continue;
                        in_px = in + (iy * in_w + ix) * in_c;
                        w_px = w_oc + (ky * k_w + kx) * in_c;
                        for (ic = 0; ic < in_c; ++ic) {
                            acc += in_px[ic] * w_px[ic];
                        }
                    }
                }
                out_px[oc] = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
            }
        }
    }
}
