#ifndef TINYFIT_DEPTHWISE_CONV2D_INPLACE_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_INPLACE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * In-place depthwise 2-D convolution (depth multiplier 1, contiguous NHWC) with fused bias and clamp;
 * bit-identical to tinyfit_depthwise_conv2d_f32 with mult = 1 and contiguous strides:
 *
 *   buf[out_h][out_w][c] (output) = tinyfit_depthwise_conv2d_f32 of buf[in_h][in_w][c] (input), mult = 1
 *
 * Channel by channel, output channel ch is computed whole into `temp` (reading only input channel ch, whose
 * elements are never overwritten before then), then scattered into the output's channel-ch slots, which
 * held input channel ch (no longer needed). `temp` holds `out_h*out_w` floats and must not overlap `buf`;
 * out_h*out_w <= in_h*in_w. `w` is [1][k_h][k_w][c]; `bias` [c], or NULL for none. Geometry and clamp are
 * as in tinyfit_depthwise_conv2d_f32.
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
