#ifndef TINYFIT_DEPTHWISE_CONV2D_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Depthwise 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp.
 *
 * There are `in_c*mult` output channels; output channel `oc = ic*mult + m` convolves input
 * channel `ic` only. Geometry (stride, dilation, padding) is as in tinyfit_conv2d_f32; cells
 * outside the input read as 0.
 *
 * @param in       Input, shape [in_h][in_w][in_c].
 * @param in_h     Input height.
 * @param in_w     Input width.
 * @param in_c     Input channels.
 * @param w        Weights, shape [1][k_h][k_w][in_c*mult].
 * @param bias     Bias, shape [in_c*mult], or NULL for none.
 * @param mult     Depth multiplier (output channels per input channel).
 * @param k_h      Kernel height.
 * @param k_w      Kernel width.
 * @param stride_h Vertical stride (>= 1).
 * @param stride_w Horizontal stride (>= 1).
 * @param dil_h    Vertical dilation (>= 1).
 * @param dil_w    Horizontal dilation (>= 1).
 * @param pad_top  Zero rows implicitly added above the input.
 * @param pad_left Zero columns implicitly added left of the input.
 * @param out      Output, shape [out_h][out_w][in_c*mult]; must not alias `in`.
 * @param out_h    Output height.
 * @param out_w    Output width.
 * @param act_min  Lower clamp (-FLT_MAX for none).
 * @param act_max  Upper clamp (FLT_MAX for none).
 */
void tinyfit_depthwise_conv2d_f32(const float *in, int in_h, int in_w, int in_c,
                                  const float *w, const float *bias, int mult,
                                  int k_h, int k_w, int stride_h, int stride_w,
                                  int dil_h, int dil_w, int pad_top, int pad_left,
                                  float *out, int out_h, int out_w,
                                  float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_F32_H */
