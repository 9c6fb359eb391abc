#ifndef TINYFIT_CONV2D_F32_H
#define TINYFIT_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp.
 *
 * Output cell (oy, ox, oc) reads input rows `oy*stride_h - pad_top + ky*dil_h` and columns
 * `ox*stride_w - pad_left + kx*dil_w`; cells outside the input read as 0.
 *
 * @param in       Input, shape [in_h][in_w][in_c].
 * @param in_h     Input height.
 * @param in_w     Input width.
 * @param in_c     Input channels.
 * @param w        Weights, shape [out_c][k_h][k_w][in_c].
 * @param bias     Bias, shape [out_c], or NULL for none.
 * @param out_c    Output channels.
 * @param k_h      Kernel height.
 * @param k_w      Kernel width.
 * @param stride_h Vertical stride (>= 1).
 * @param stride_w Horizontal stride (>= 1).
 * @param dil_h    Vertical dilation (>= 1).
 * @param dil_w    Horizontal dilation (>= 1).
 * @param pad_top  Zero rows implicitly added above the input.
 * @param pad_left Zero columns implicitly added left of the input.
 * @param out      Output, shape [out_h][out_w][out_c]; must not alias `in`.
 * @param out_h    Output height.
 * @param out_w    Output width.
 * @param act_min  Lower clamp (-FLT_MAX for none).
 * @param act_max  Upper clamp (FLT_MAX for none).
 */
void tinyfit_conv2d_f32(const float *in, int in_h, int in_w, int in_c,
                        const float *w, const float *bias, int out_c,
                        int k_h, int k_w, int stride_h, int stride_w,
                        int dil_h, int dil_w, int pad_top, int pad_left,
                        float *out, int out_h, int out_w,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_F32_H */
