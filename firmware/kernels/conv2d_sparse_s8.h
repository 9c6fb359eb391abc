#ifndef TINYFIT_CONV2D_SPARSE_S8_H
#define TINYFIT_CONV2D_SPARSE_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* start-up decoding of a Huffman-coded array (generated code) */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D convolution on relative-index sparse weights (Deep Compression, Han et al. 2016, §3;
 * src/ir/storage/sparse.ts), bit-exact with conv2d_s8 on the decoded weights and with conv2dInt8
 * (src/reference/int8/conv2d.ts):
 *
 *   row oc (the weights w[oc][ky][kx][ic] in that order, k_h*k_w*in_c of them) owns row_counts[oc] consecutive
 *   entries; entry e sits at position pos = prev + 1 + gap[e] of its row (prev = -1 at the row start), its
 *   weight is values[e] (0 for a filler entry), every other weight of the row is 0;
 *   acc = sum over in-bounds taps of w[oc][ky][kx][ic] * (in - in_zp) + bias[oc]   (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[oc], out_shift[oc]) + out_zp, act_min, act_max)
 *
 * gaps: gap_bits (1..8) each, packed LSB-first (4: two per byte, low nibble first), or — gap_hcounts non-NULL,
 * Huffman "stream" mode — the canonical Huffman codes of the gaps with the tables gap_hcounts / gap_hsymbols
 * (huffman_decode.h), decoded once per inference, channel by channel. bias: int32_t[out_c], or int16_t[out_c]
 * when bias16 is nonzero (bias_s8.h), or NULL. The work per output pixel is proportional to the
 * kept weights, not to k_h*k_w*in_c. Geometry, pixel strides and requantization as conv2d_s8, except that the
 * output must not overlap the input (channels are computed one after the other: conv_rows_s8.h) and the rows
 * must fit TINYFIT_CONV_ROW_MAX / TINYFIT_CONV_TAPS_MAX.
 */
void tinyfit_conv2d_sparse_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                              const int8_t *values, const uint8_t *gaps, int gap_bits,
                              const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                              const uint16_t *row_counts, const void *bias /* [out_c] int32 (int16 when bias16), or NULL */, int bias16, int out_c,
                              int k_h, int k_w, int stride_h, int stride_w,
                              int dil_h, int dil_w, int pad_top, int pad_left,
                              int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                              const int32_t *out_mult, const int8_t *out_shift,
                              int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_SPARSE_S8_H */
