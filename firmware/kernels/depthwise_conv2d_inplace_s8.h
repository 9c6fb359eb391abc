#ifndef TINYFIT_DEPTHWISE_CONV2D_INPLACE_S8_H
#define TINYFIT_DEPTHWISE_CONV2D_INPLACE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * In-place int8 depthwise 2-D convolution, depth multiplier 1, contiguous tensors; results identical to
 * tinyfit_depthwise_conv2d_s8 with depth_mult = 1 (same arithmetic):
 *
 *   buf[out_h][out_w][c] (output) = tinyfit_depthwise_conv2d_s8 of buf[in_h][in_w][c] (input), depth_mult = 1
 *
 * out_h*out_w <= in_h*in_w. `temp` holds `out_h*out_w` int8: channel ch is computed whole into temp, then
 * scattered into the output's channel-ch slots (which only ever hold input channel ch, no longer needed),
 * as tinyfit_depthwise_conv2d_inplace_f32. `out_mult` / `out_shift` have c entries.
 */
void tinyfit_depthwise_conv2d_inplace_s8(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp,
                                         const int8_t *w /* [1][k_h][k_w][c] */,
                                         const int32_t *bias /* [c] or NULL */,
                                         int k_h, int k_w, int stride_h, int stride_w,
                                         int dil_h, int dil_w, int pad_top, int pad_left,
                                         int out_h, int out_w, int8_t *temp, int32_t out_zp,
                                         const int32_t *out_mult, const int8_t *out_shift,
                                         int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_INPLACE_S8_H */
