#ifndef TINYFIT_DEPTHWISE_CONV2D_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Depthwise 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp.
 *
 * There are `in_c*mult` output channels; output channel `oc = ic*mult + m` convolves input
 * channel `ic` only. Geometry (stride, dilation, padding), views (`in_stride` / `out_stride`), the
 * visiting order (`reverse`) and the streaming rule are as in tinyfit_conv2d_f32; cells outside
 * the input read as 0. Each output is accumulated in float from the bias in the order kernel row,
 * kernel column.
 *
 * @param in         Input pixels, `in_h*in_w` of them, `in_stride` elements apart.
 * @param in_h       Input height.
 * @param in_w       Input width.
 * @param in_c       Input channels.
 * @param in_stride  Elements between consecutive input pixels (`in_c` when contiguous).
 * @param w          Weights, shape [1][k_h][k_w][in_c*mult].
 * @param bias       Bias, shape [in_c*mult], or NULL for none.
 * @param mult       Depth multiplier (output channels per input channel).
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
 * @param out_stride Elements between consecutive output pixels (`in_c*mult` when contiguous).
 * @param act_min    Lower clamp (-FLT_MAX for none).
 * @param act_max    Upper clamp (FLT_MAX for none).
 * @param reverse    0: output pixels in increasing raster order; 1: in decreasing raster order
 *                   (last row, last column first). Results are bit-identical either way.
 */
void tinyfit_depthwise_conv2d_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                                  const float *w, const float *bias, int mult,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int dil_h, int dil_w, int pad_top, int pad_left,
                                  float *out, int out_h, int out_w, int out_stride,
                                  float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_F32_H */
