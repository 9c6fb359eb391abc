#include "depthwise_conv2d_f32.h"

void tinyfit_depthwise_conv2d_f32(const float *in, int in_h, int in_w, int in_c,
                                  const float *w, const float *bias, int mult,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int dil_h, int dil_w, int pad_top, int pad_left,
                                  float *out, int out_h, int out_w,
                                  float act_min, float act_max)
{
    const int out_c = in_c * mult;
    int oy, ox, ic, m, ky, kx;

    for (oy = 0; oy < out_h; ++oy) {
        const int iy0 = oy * stride_h - pad_top;
        for (ox = 0; ox < out_w; ++ox) {
            const int ix0 = ox * stride_w - pad_left;
            float *out_px = out + (oy * out_w + ox) * out_c;
            for (ic = 0; ic < in_c; ++ic) {
                for (m = 0; m < mult; ++m) {
                    const int oc = ic * mult + m;
                    float acc = bias ? bias[oc] : 0.0f;
                    /* Out-of-bounds taps contribute 0, so they are skipped. */
                    for (ky = 0; ky < k_h; ++ky) {
                        const int iy = iy0 + ky * dil_h;
                        const float *in_row;
                        const float *w_row;
                        if (iy < 0 || iy >= in_h) continue;
                        in_row = in + iy * in_w * in_c + ic;
                        w_row = w + ky * k_w * out_c + oc;
                        for (kx = 0; kx < k_w; ++kx) {
                            const int ix = ix0 + kx * dil_w;
                            if (ix < 0 || ix >= in_w) continue;
                            acc += in_row[ix * in_c] * w_row[kx * out_c];
                        }
                    }
                    out_px[oc] = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
                }
            }
        }
    }
}
