#ifndef TINYFIT_CONV2D_CLUSTERED_S8_H
#define TINYFIT_CONV2D_CLUSTERED_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* start-up decoding of a Huffman-coded array (generated code) */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D convolution on clustered (weight-shared) weights (Deep Compression §3; src/ir/storage/clustered.ts),
 * bit-exact with conv2d_s8 on the decoded weights and with conv2dInt8 (src/reference/int8/conv2d.ts):
 *
 *   w[oc][ky][kx][ic] = codebook[idx(j)], j = ((oc*k_h + ky)*k_w + kx)*in_c + ic,
 *   idx(j) = bits [j*bits, (j+1)*bits) of `indices`, LSB-first (an index may straddle two bytes), 1 <= bits <= 8,
 *   or — idx_hcounts non-NULL, Huffman "stream" mode — the j-th symbol of the canonical Huffman codes in
 *   `indices` (tables idx_hcounts / idx_hsymbols, huffman_decode.h), decoded once per inference;
 *   acc and out as conv2d_s8.
 *
 * Weights whose centroid is 0 (a pruned layer's zero cluster) cost nothing per pixel.
 * The other arguments, the geometry and the restrictions (no overlap of output and input, rows within
 * TINYFIT_CONV_ROW_MAX / TINYFIT_CONV_TAPS_MAX) as conv2d_sparse_s8.
 */
void tinyfit_conv2d_clustered_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                 const uint8_t *indices, int bits,
                                 const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols, const int8_t *codebook,
                                 const void *bias /* [out_c] int32 (int16 when bias16), or NULL */, int bias16, int out_c,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int dil_h, int dil_w, int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_CLUSTERED_S8_H */
