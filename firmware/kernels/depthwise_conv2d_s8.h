#ifndef TINYFIT_DEPTHWISE_CONV2D_S8_H
#define TINYFIT_DEPTHWISE_CONV2D_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 depthwise 2-D convolution, TFLite Micro's DepthwiseConvPerChannel
 * (tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv.h), bit-exact with
 * depthwiseConv2dInt8 (src/reference/int8/depthwise.ts); output channel oc = ic*depth_mult + m reads input
 * channel ic:
 *
 *   acc = sum over in-bounds taps of w[0][ky][kx][oc] * (in[..][ic] - in_zp) + bias[oc]  (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[oc], out_shift[oc]) + out_zp, act_min, act_max)
 *
 * Padded cells are skipped (real 0). Geometry, pixel strides and `reverse` (streaming contract) exactly as
 * tinyfit_depthwise_conv2d_f32; `out_mult` / `out_shift` have in_c*depth_mult entries (prepareDepthwise in
 * src/reference/int8/prepare.ts).
 */
void tinyfit_depthwise_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                 const int8_t *w /* [1][k_h][k_w][in_c*depth_mult] */,
                                 const int32_t *bias /* [in_c*depth_mult] or NULL */, int depth_mult,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int dil_h, int dil_w, int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DEPTHWISE_CONV2D_S8_H */
