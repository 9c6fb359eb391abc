#ifndef TINYFIT_DENSE_CLUSTERED_S8_H
#define TINYFIT_DENSE_CLUSTERED_S8_H

#include <stdint.h>
#include "huffman_decode.h" /* start-up decoding of a Huffman-coded array (generated code) */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 fully connected layer on clustered (weight-shared) weights (Deep Compression §3;
 * src/ir/storage/clustered.ts), bit-exact with dense_s8 on the decoded matrix:
 *
 *   w[o][i] = codebook[idx(o * in_n + i)], idx(j) = bits [j*bits, (j+1)*bits) of `indices`, LSB-first
 *   (bit 0 of each byte first; an index may straddle two bytes), 1 <= bits <= 8; or — idx_hcounts non-NULL,
 *   Huffman "stream" mode — `indices` holds the canonical Huffman codes of the indices, decoded weight by
 *   weight with the tables idx_hcounts / idx_hsymbols (huffman_decode.h), every inference.
 *
 * Other arguments and the arithmetic as dense_s8, except
 * bias: int32_t[out_n], or int16_t[out_n] when bias16 is nonzero (bias_s8.h), or NULL.
 */
void tinyfit_dense_clustered_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                                const uint8_t *indices, int bits,
                                const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols, const int8_t *codebook,
                                const void *bias /* [out_n] int32 (int16 when bias16), or NULL */, int bias16,
                                int out_n, int8_t *out, int32_t out_zp,
                                const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_CLUSTERED_S8_H */
