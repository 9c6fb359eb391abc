#ifndef TINYFIT_DEPTHWISE_CONV2D_INPLACE_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_INPLACE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * In-place depthwise 2-D convolution (depth multiplier 1, contiguous NHWC), with fused bias and
 * clamp: the input `buf[in_h][in_w][c]` is overwritten by the output `buf[out_h][out_w][c]`.
 *
 * Channel by channel, output channel ch is computed whole into `temp` (reading only input channel
 * ch, whose elements are never overwritten before then), then scattered into the output's
 * channel-ch slots, which held input channel ch (no longer needed). Results are bit-identical to
 * tinyfit_depthwise_conv2d_f32 with mult = 1 and contiguous strides; geometry is as there.
 *
 * @param buf      Input [in_h][in_w][c] on entry, output [out_h][out_w][c] on return.
 * @param in_h     Input height.
 * @param in_w     Input width.
 * @param c        Channels (input and output).
 * @param w        Weights, shape [1][k_h][k_w][c].
 * @param bias     Bias, shape [c], or NULL for none.
 * @param k_h      Kernel height.
 * @param k_w      Kernel width.
 * @param stride_h Vertical stride (>= 1).
 * @param stride_w Horizontal stride (>= 1).
 * @param dil_h    Vertical dilation (>= 1).
 * @param dil_w    Horizontal dilation (>= 1).
 * @param pad_top  Zero rows implicitly added above the input.
 * @param pad_left Zero columns implicitly added left of the input.
 * @param out_h    Output height (out_h*out_w <= in_h*in_w).
 * @param out_w    Output width.
 * @param temp     Scratch of `out_h*out_w` floats; must not overlap `buf`.
 * @param act_min  Lower clamp (-FLT_MAX for none).
 * @param act_max  Upper clamp (FLT_MAX for none).
 */
void tinyfit_depthwise_conv2d_inplace_f32(float *buf, int in_h, int in_w, int c,
                                          const float *w, const float *bias,
                                          int k_h, int k_w, int stride_h, int stride_w,
                                          int dil_h, int dil_w, int pad_top, int pad_left,
                                          int out_h, int out_w, float *temp,
                                          float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_INPLACE_F32_H */
