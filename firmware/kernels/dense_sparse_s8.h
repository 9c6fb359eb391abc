#ifndef TINYFIT_DENSE_SPARSE_S8_H
#define TINYFIT_DENSE_SPARSE_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* start-up decoding of a Huffman-coded array (generated code) */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 fully connected layer on relative-index sparse weights (Deep Compression, Han et al. 2016, §3;
 * src/ir/storage/sparse.ts), bit-exact with dense_s8 on the decoded matrix and with denseInt8
 * (src/reference/int8/dense.ts):
 *
 *   row o owns row_counts[o] consecutive entries; entry e sits at column pos = prev + 1 + gap[e]
 *   (prev = -1 at the row start), its weight is values[e] (0 for a filler entry);
 *   acc = bias[o] + sum_e values[e] * (in[r][pos] - in_zp)        (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[k], out_shift[k]) + out_zp, act_min, act_max)
 *
 * gaps: gap_bits 1..8 each, packed LSB-first (4: two per byte, low nibble first; 8: one per byte; 4 and 8 have
 * fast paths), or — gap_hcounts non-NULL, Huffman "stream" mode — the canonical Huffman codes of the gaps,
 * decoded entry by entry with the tables gap_hcounts / gap_hsymbols (huffman_decode.h), every inference. Zero weights are never visited,
 * so the work per output is proportional to the entries, not to in_n. Other arguments as dense_s8, except
 * bias: int32_t[out_n], or int16_t[out_n] when bias16 is nonzero (bias_s8.h), or NULL.
 */
void tinyfit_dense_sparse_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                             const int8_t *values, const uint8_t *gaps, int gap_bits,
                             const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                             const uint16_t *row_counts, const void *bias /* [out_n] int32 (int16 when bias16), or NULL */, int bias16,
                             int out_n, int8_t *out, int32_t out_zp,
                             const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                             int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_SPARSE_S8_H */
