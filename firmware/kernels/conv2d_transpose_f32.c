#include "conv2d_transpose_f32.h"

/* The taps of full-output coordinate t along one axis: input i reaches t through kernel tap k when
 * i*stride + k = t, 0 <= k < k_n, 0 <= i < n. They are k = *k0, *k0 + stride, ... (*count of them),
 * reading inputs i = *i0, *i0 - 1, .... t >= 0. */
static void tinyfit_conv2d_transpose_f32_taps(int t, int k_n, int stride, int n,
                                              int *k0, int *i0, int *count)
{
    int lo = t - (n - 1) * stride; /* smallest k whose input index is < n */
    const int hi = t < k_n - 1 ? t : k_n - 1; /* largest k whose input index is >= 0 */
    int k;
    *k0 = 0;
    *i0 = 0;
    *count = 0;
    if (n <= 0) return;
    if (lo < 0) lo = 0;
    k = lo + (t - lo) % stride; /* smallest k >= lo with k = t (mod stride) */
    if (k > hi) return;
    *k0 = k;
    *i0 = (t - k) / stride;
    *count = (hi - k) / stride + 1;
}

void tinyfit_conv2d_transpose_f32(const float *in, int in_h, int in_w, int in_c,
                                  const float *w, const float *bias, int out_c,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int pad_top, int pad_left,
                                  float *out, int out_h, int out_w,
                                  float act_min, float act_max)
{
    const int w_oc_stride = k_h * k_w * in_c;
    const int w_ky_step = stride_h * k_w * in_c; /* weights between consecutive taps' kernel rows */
    const int w_kx_step = stride_w * in_c;       /* weights between consecutive taps' kernel columns */
    const int in_row = in_w * in_c;
    int oy, ox, oc, a, b, ic;

    for (oy = 0; oy < out_h; ++oy) {
        int ky0, iy0, n_ky;
        tinyfit_conv2d_transpose_f32_taps(oy + pad_top, k_h, stride_h, in_h, &ky0, &iy0, &n_ky);
        for (ox = 0; ox < out_w; ++ox) {
            float *out_px = out + (oy * out_w + ox) * out_c;
            int kx0, ix0, n_kx;
            tinyfit_conv2d_transpose_f32_taps(ox + pad_left, k_w, stride_w, in_w, &kx0, &ix0, &n_kx);
            for (oc = 0; oc < out_c; ++oc) {
                float acc = bias ? bias[oc] : 0.0f;
                for (a = 0; a < n_ky; ++a) {
                    const float *in_r = in + (iy0 - a) * in_row + ix0 * in_c;
                    const float *w_r = w + oc * w_oc_stride + (ky0 * k_w + kx0) * in_c + a * w_ky_step;
                    for (b = 0; b < n_kx; ++b) {
                        const float *in_px = in_r - b * in_c;
                        const float *w_px = w_r + b * w_kx_step;
                        for (ic = 0; ic < in_c; ++ic) acc += in_px[ic] * w_px[ic];
                    }
                }
                out_px[oc] = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
            }
        }
    }
}
