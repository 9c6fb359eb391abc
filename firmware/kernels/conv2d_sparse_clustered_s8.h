#ifndef TINYFIT_CONV2D_SPARSE_CLUSTERED_S8_H
#define TINYFIT_CONV2D_SPARSE_CLUSTERED_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* start-up decoding of a Huffman-coded array (generated code) */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 2-D convolution on sparse + clustered weights (Deep Compression, Han et al. 2016, §3;
 * src/ir/storage/sparseClustered.ts), bit-exact with conv2d_s8 on the decoded weights and with conv2dInt8
 * (src/reference/int8/conv2d.ts):
 *
 *   row oc (the weights w[oc][ky][kx][ic] in that order, k_h*k_w*in_c of them) owns row_counts[oc] consecutive
 *   entries; entry e sits at position pos = prev + 1 + gap[e] of its row (prev = -1 at the row start) and
 *   weighs codebook[index[e]] (a filler's index points at a 0 entry); every other weight of the row is 0;
 *   acc and out as conv2d_s8.
 *
 * indices / gaps: one symbol per entry, either packed index_bits / gap_bits (1..8) each LSB-first (their
 * *_hcounts NULL), or — Huffman "stream" mode — the canonical Huffman bits of the symbols with the tables
 * *_hcounts / *_hsymbols (huffman_decode.h), decoded once per inference, channel by channel, with no RAM beyond
 * the row.
 * The other arguments, the geometry and the restrictions (no overlap of output and input, rows within
 * TINYFIT_CONV_ROW_MAX / TINYFIT_CONV_TAPS_MAX) as conv2d_sparse_s8.
 */
void tinyfit_conv2d_sparse_clustered_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                        const uint8_t *indices, int index_bits,
                                        const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols,
                                        const uint8_t *gaps, int gap_bits,
                                        const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                                        const uint16_t *row_counts, const int8_t *codebook,
                                        const void *bias /* [out_c] int32 (int16 when bias16), or NULL */, int bias16, int out_c,
                                        int k_h, int k_w, int stride_h, int stride_w,
                                        int dil_h, int dil_w, int pad_top, int pad_left,
                                        int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                        const int32_t *out_mult, const int8_t *out_shift,
                                        int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_SPARSE_CLUSTERED_S8_H */
