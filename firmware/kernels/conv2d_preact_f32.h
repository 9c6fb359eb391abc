#ifndef TINYFIT_CONV2D_PREACT_F32_H
#define TINYFIT_CONV2D_PREACT_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D convolution whose input first goes through a per-channel affine transform and clamp (a
 * batch norm + ReLU feeding the convolution), applied while reading.
 *
 * Every in-bounds input value x of channel ic is read as
 * `clamp(x*pre_scale[ic] + pre_shift[ic], pre_min, pre_max)`; padded cells stay 0. The result is
 * bit-identical to tinyfit_affine_f32 (with that clamp) followed by tinyfit_conv2d_f32: geometry,
 * views (`in_stride` / `out_stride`), accumulation order, visiting order (`reverse`) and the
 * streaming rule are as there. The output pixel's slot is used as the accumulator while the pixel
 * is computed (only that pixel's slot, finished before the next pixel starts, so `reverse` does not
 * change the result).
 *
 * @param in         Input pixels, `in_h*in_w` of them, `in_stride` elements apart.
 * @param in_h       Input height.
 * @param in_w       Input width.
 * @param in_c       Input channels.
 * @param in_stride  Elements between consecutive input pixels (`in_c` when contiguous).
 * @param pre_scale  Per-input-channel scale, shape [in_c].
 * @param pre_shift  Per-input-channel shift, shape [in_c].
 * @param pre_min    Lower clamp of the pre-activation (-FLT_MAX for none).
 * @param pre_max    Upper clamp of the pre-activation (FLT_MAX for none).
 * @param w          Weights, shape [out_c][k_h][k_w][in_c].
 * @param bias       Bias, shape [out_c], or NULL for none.
 * @param out_c      Output channels.
 * @param k_h        Kernel height.
 * @param k_w        Kernel width.
 * @param stride_h   Vertical stride (>= 1).
 * @param stride_w   Horizontal stride (>= 1).
 * @param dil_h      Vertical dilation (>= 1).
 * @param dil_w      Horizontal dilation (>= 1).
 * @param pad_top    Zero rows implicitly added above the input.
 * @param pad_left   Zero columns implicitly added left of the input.
 * @param out        Output pixels, `out_h*out_w` of them, `out_stride` elements apart.
 * @param out_h      Output height.
 * @param out_w      Output width.
 * @param out_stride Elements between consecutive output pixels (`out_c` when contiguous).
 * @param act_min    Lower clamp of the output (-FLT_MAX for none).
 * @param act_max    Upper clamp of the output (FLT_MAX for none).
 * @param reverse    0: output pixels in increasing raster order; 1: in decreasing raster order
 *                   (last row, last column first). Results are bit-identical either way.
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
