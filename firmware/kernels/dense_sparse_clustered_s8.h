#ifndef TINYFIT_DENSE_SPARSE_CLUSTERED_S8_H
#define TINYFIT_DENSE_SPARSE_CLUSTERED_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* Huffman streams: start-up decoding (generated code) and per-entry decoding */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 fully connected layer on sparse + clustered weights (Deep Compression, Han et al. 2016, §3;
 * src/ir/storage/sparseClustered.ts), bit-exact with dense_s8 on the decoded matrix and with denseInt8:
 *
 *   row o owns row_counts[o] consecutive entries; entry e sits at column pos = prev + 1 + gap[e]
 *   (prev = -1 at the row start) and weighs codebook[index[e]] (a filler's index points at a 0 entry);
 *   acc = bias[o] + sum_e codebook[index[e]] * (in[r][pos] - in_zp)        (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[k], out_shift[k]) + out_zp, act_min, act_max)
 *
 * indices / gaps: one symbol per entry, either packed index_bits / gap_bits (1..8) each LSB-first (their
 * *_hcounts NULL), or — Huffman "stream" mode — the canonical Huffman bits of the symbols, decoded entry by
 * entry with the tables *_hcounts / *_hsymbols (huffman_decode.h), every inference, with no RAM.
 * Other arguments as dense_s8, except
 * bias: int32_t[out_n], or int16_t[out_n] when bias16 is nonzero (bias_s8.h), or NULL.
 */
void tinyfit_dense_sparse_clustered_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                                       const uint8_t *indices, int index_bits,
                                       const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols,
                                       const uint8_t *gaps, int gap_bits,
                                       const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                                       const uint16_t *row_counts, const int8_t *codebook,
                                       const void *bias /* [out_n] int32 (int16 when bias16), or NULL */, int bias16,
                                       int out_n, int8_t *out, int32_t out_zp,
                                       const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                       int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_SPARSE_CLUSTERED_S8_H */
