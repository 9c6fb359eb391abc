#ifndef TINYFIT_CONV2D_PREACT_F16W_F32_H
#define TINYFIT_CONV2D_PREACT_F16W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_conv2d_preact_f32 with half weight storage (firmware/kernels/README.md, "Weight storage
 * variants"): weights, biases and the pre-activation scale and shift are IEEE binary16 bits (half the
 * flash), decoded exactly to float while computing (tinyfit_half_to_f32, half_f32.h); bit-identical to
 * tinyfit_conv2d_preact_f32 fed the decoded values:
 *
 *   out = tinyfit_conv2d_preact_f32(..., half_to_f32(pre_scale), half_to_f32(pre_shift), ...,
 *                                   half_to_f32(w), half_to_f32(bias), ...)
 *
 * `w`: binary16 bits, shape [out_c][k_h][k_w][in_c]; `bias`: binary16 bits, or NULL; `pre_scale` /
 * `pre_shift`: binary16 bits, in_c entries. All other parameters are as in tinyfit_conv2d_preact_f32.
 */
void tinyfit_conv2d_preact_f16w_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                                    const uint16_t *pre_scale, const uint16_t *pre_shift,
                                    float pre_min, float pre_max,
                                    const uint16_t *w, const uint16_t *bias, int out_c,
                                    int k_h, int k_w, int stride_h, int stride_w,
                                    int dil_h, int dil_w, int pad_top, int pad_left,
                                    float *out, int out_h, int out_w, int out_stride,
                                    float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_PREACT_F16W_F32_H */
