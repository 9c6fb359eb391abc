#ifndef TINYFIT_AFFINE_S8_H
#define TINYFIT_AFFINE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 per-channel affine transform (the IR's `affine`, a standalone BatchNorm), quantized as a 1x1
 * depthwise convolution, bit-exact with affineInt8 (src/reference/int8/affine.ts):
 *
 *   acc = (in - in_zp) * scale[ch] + shift_q[ch]                                      (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[ch], out_shift[ch]) + out_zp, act_min, act_max)
 *
 * Element (o, ch, i) is at `in + o*in_stride + ch*inner + i` (output: `out + o*out_stride + ...`;
 * contiguous: strides = c*inner). `scale` is int8 symmetric, `shift_q` int32 at scale s_in*s_scale[ch];
 * `out_mult` / `out_shift` have c entries (prepareAffine in src/reference/int8/prepare.ts). Works in place
 * (in == out with equal strides).
 */
void tinyfit_affine_s8(const int8_t *in, int outer, int c, int inner, int in_stride, int32_t in_zp,
                       const int8_t *scale, const int32_t *shift_q,
                       int8_t *out, int out_stride, int32_t out_zp,
                       const int32_t *out_mult, const int8_t *out_shift,
                       int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_AFFINE_S8_H */
