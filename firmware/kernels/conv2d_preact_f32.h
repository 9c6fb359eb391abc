#ifndef TINYFIT_CONV2D_PREACT_F32_H
#define TINYFIT_CONV2D_PREACT_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D convolution whose input first goes through a per-channel affine transform and clamp (a batch norm +
 * ReLU feeding the convolution), applied while reading; bit-identical to tinyfit_affine_f32 (with that
 * clamp) followed by tinyfit_conv2d_f32:
 *
 *   pre(x) = clamp(x*pre_scale[ic] + pre_shift[ic], pre_min, pre_max)     for every in-bounds x of channel ic
 *   out[oy][ox][oc] = clamp(bias[oc] + sum_{ky,kx,ic} pre(in[iy][ix][ic]) * w[oc][ky][kx][ic],
 *                           act_min, act_max)
 *
 * Padded cells stay 0 (they are not pre-activated). `pre_scale` / `pre_shift` have in_c entries; `pre_min`
 * / `pre_max` clamp the pre-activation and `act_min` / `act_max` the output (-FLT_MAX / FLT_MAX for none).
 * Geometry (iy, ix), weights, bias, views (`in_stride` / `out_stride`), accumulation order, visiting order
 * (`reverse`) and the streaming rule are as in tinyfit_conv2d_f32. The output pixel's slot is used as the
 * accumulator while the pixel is computed (only that pixel's slot, finished before the next pixel starts,
 * so `reverse` does not change the result).
 */
void tinyfit_conv2d_preact_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                               const float *pre_scale, const float *pre_shift,
                               float pre_min, float pre_max,
                               const float *w, const float *bias, int out_c,
                               int k_h, int k_w, int stride_h, int stride_w,
                               int dil_h, int dil_w, int pad_top, int pad_left,
                               float *out, int out_h, int out_w, int out_stride,
                               float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_PREACT_F32_H */
