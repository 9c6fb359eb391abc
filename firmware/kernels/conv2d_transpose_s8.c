#include "conv2d_transpose_s8.h"
#include "fixedpoint_s8.h"

/* The taps of full-output coordinate t along one axis: input i reaches t through kernel tap k when
 * i*stride + k = t, 0 <= k < k_n, 0 <= i < n. They are k = *k0, *k0 + stride, ... (*count of them),
 * reading inputs i = *i0, *i0 - 1, .... t >= 0. */
static void tinyfit_conv2d_transpose_s8_taps(int t, int k_n, int stride, int n,
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

void tinyfit_conv2d_transpose_s8(const int8_t *in, int in_h, int in_w, int in_c, int32_t in_zp,
                                 const int8_t *w, const int32_t *bias, int out_c,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max)
{
    const int w_oc_stride = k_h * k_w * in_c;
    const int w_ky_step = stride_h * k_w * in_c; /* weights between consecutive taps' kernel rows */
    const int w_kx_step = stride_w * in_c;       /* weights between consecutive taps' kernel columns */
    const int in_row = in_w * in_c;
    int oy, ox, oc, a, b, ic;

    for (oy = 0; oy < out_h; ++oy) {
        int ky0, iy0, n_ky;
        tinyfit_conv2d_transpose_s8_taps(oy + pad_top, k_h, stride_h, in_h, &ky0, &iy0, &n_ky);
        for (ox = 0; ox < out_w; ++ox) {
            int8_t *out_px = out + (oy * out_w + ox) * out_c;
            int kx0, ix0, n_kx;
            tinyfit_conv2d_transpose_s8_taps(ox + pad_left, k_w, stride_w, in_w, &kx0, &ix0, &n_kx);
            for (oc = 0; oc < out_c; ++oc) {
                /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
                uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
                int32_t y;
                for (a = 0; a < n_ky; ++a) {
                    const int8_t *in_r = in + (iy0 - a) * in_row + ix0 * in_c;
                    const int8_t *w_r = w + oc * w_oc_stride + (ky0 * k_w + kx0) * in_c + a * w_ky_step;
                    for (b = 0; b < n_kx; ++b) {
                        const int8_t *in_px = in_r - b * in_c;
                        const int8_t *w_px = w_r + b * w_kx_step;
                        for (ic = 0; ic < in_c; ++ic) {
                            acc += (uint32_t)(((int32_t)in_px[ic] - in_zp) * (int32_t)w_px[ic]);
                        }
                    }
                }
                y = tinyfit_requant((int32_t)acc, out_mult[oc], out_shift[oc]);
                y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
                out_px[oc] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
            }
        }
    }
}
