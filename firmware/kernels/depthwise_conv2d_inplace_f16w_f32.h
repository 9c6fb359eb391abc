#ifndef TINYFIT_DEPTHWISE_CONV2D_INPLACE_F16W_F32_H
#define TINYFIT_DEPTHWISE_CONV2D_INPLACE_F16W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_depthwise_conv2d_inplace_f32 with half weight storage (firmware/kernels/README.md, "Weight
 * storage variants"): weights and biases are IEEE binary16 bits (half the flash), decoded exactly to float
 * while computing (tinyfit_half_to_f32, half_f32.h); bit-identical to tinyfit_depthwise_conv2d_inplace_f32
 * fed the decoded values:
 *
 *   out = tinyfit_depthwise_conv2d_inplace_f32(..., half_to_f32(w), half_to_f32(bias), ...)
 *
 * `w`: binary16 bits, shape [1][k_h][k_w][c]; `bias`: binary16 bits, or NULL. All other parameters are as
 * in tinyfit_depthwise_conv2d_inplace_f32.
 */
void tinyfit_depthwise_conv2d_inplace_f16w_f32(float *buf, int in_h, int in_w, int c,
                                               const uint16_t *w, const uint16_t *bias,
                                               int k_h, int k_w, int stride_h, int stride_w,
                                               int dil_h, int dil_w, int pad_top, int pad_left,
                                               int out_h, int out_w, float *temp,
                                               float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_INPLACE_F16W_F32_H */
