#ifndef TINYFIT_CONV2D_S4_H
#define TINYFIT_CONV2D_S4_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D convolution on int4 weights (int8 activations), two weights per byte as CMSIS-NN's s4 kernels
 * (arm_convolve_s4) pack them, bit-exact with conv2d_s8 on the sign-extended weights and with conv2dInt8
 * (src/reference/int8/conv2d.ts):
 *
 *   w[oc][ky][kx][ic] = signed nibble j of `packed`, j = ((oc*k_h + ky)*k_w + kx)*in_c + ic,
 *   nibble 2k = low half of byte k, 2k+1 = high half (rows need not start on a byte);
 *   acc and out as conv2d_s8.
 *
 * Zero weights cost nothing per pixel.
 * The other arguments, the geometry and the restrictions (no overlap of output and input, rows within
 * TINYFIT_CONV_ROW_MAX / TINYFIT_CONV_TAPS_MAX) as conv2d_sparse_s8.
 */
void tinyfit_conv2d_s4(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                       const uint8_t *packed, const void *bias /* [out_c] int32 (int16 when bias16), or NULL */, int bias16, int out_c,
                       int k_h, int k_w, int stride_h, int stride_w,
                       int dil_h, int dil_w, int pad_top, int pad_left,
                       int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_S4_H */
