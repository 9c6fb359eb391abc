#ifndef TINYFIT_CONV2D_TRANSPOSE_S8_H
#define TINYFIT_CONV2D_TRANSPOSE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 transposed 2-D convolution over an NHWC tensor without batch axis, with TFLite Micro's
 * arithmetic (reference_integer_ops::TransposeConv, per channel), bit-exact with
 * conv2dTransposeInt8 (src/reference/int8/conv2d_transpose.ts):
 *
 *   acc = sum over taps of w[oc][ky][kx][ic] * (in[iy][ix][ic] - in_zp) + bias[oc]  (int32, wraps)
 *         taps: iy*stride_h + ky = oy + pad_top, ix*stride_w + kx = ox + pad_left, inside the input
 *   out = clamp(tinyfit_requant(acc, out_mult[oc], out_shift[oc]) + out_zp, act_min, act_max)
 *
 * Geometry exactly as tinyfit_conv2d_transpose_f32 (crop of the full output, extra rows/columns
 * bias only, one whole output pixel at a time in raster order, no scratch buffer; TFLM scatters
 * into an int32 scratch buffer instead, which gives the same wrapped sums). `out_mult` /
 * `out_shift` hold one entry per output channel (prepareConv in src/reference/int8/prepare.ts);
 * the rounding mode is the one fixedpoint_s8.h was compiled with. Tensors are contiguous and
 * `out` must not alias `in`.
 */
void tinyfit_conv2d_transpose_s8(const int8_t *in, int in_h, int in_w, int in_c, int32_t in_zp,
                                 const int8_t *w /* [out_c][k_h][k_w][in_c] */,
                                 const int32_t *bias /* [out_c] or NULL */, int out_c,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_TRANSPOSE_S8_H */
