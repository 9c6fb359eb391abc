#ifndef TINYFIT_CONV2D_S8_H
#define TINYFIT_CONV2D_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D convolution over an NHWC tensor without batch axis, TFLite Micro's ConvPerChannel
 * (tensorflow/lite/kernels/internal/reference/integer_ops/conv.h), bit-exact with conv2dInt8
 * (src/reference/int8/conv2d.ts):
 *
 *   acc = sum over in-bounds taps of w[oc][ky][kx][ic] * (in - in_zp) + bias[oc]   (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[oc], out_shift[oc]) + out_zp, act_min, act_max)
 *
 * Cells outside the input are skipped (real 0). Geometry, pixel strides and `reverse` (streaming contract)
 * exactly as tinyfit_conv2d_f32. `out_mult` / `out_shift` hold one entry per output channel (prepareConv in
 * src/reference/int8/prepare.ts); the rounding mode is the one fixedpoint_s8.h was compiled with.
 */
void tinyfit_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                       const int8_t *w /* [out_c][k_h][k_w][in_c] */,
                       const int32_t *bias /* [out_c] or NULL */, int out_c,
                       int k_h, int k_w, int stride_h, int stride_w,
                       int dil_h, int dil_w, int pad_top, int pad_left,
                       int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_S8_H */
