/*
 * Sparse + clustered int8 fully connected layer: walks Deep Compression's relative-index entries (a gap of
 * skipped zeros before each kept weight) whose values are cluster indices into a shared int8 codebook. Why: at
 * ~92 % sparsity with 32 clusters an entry is ~10 bits (5-bit gap + 5-bit index), about a byte per kept
 * weight, and only kept weights are multiplied. Both symbol streams are read sequentially across the whole
 * layer, so fixed-width streams use a small LSB-first bit buffer (one byte load per 8 bits) and Huffman-coded
 * streams are decoded symbol by symbol (symbol_stream.h). Format and semantics: dense_sparse_clustered_s8.h.
 */
#include "dense_sparse_clustered_s8.h"
#include "fixedpoint_s8.h"
#include "symbol_stream.h"

void tinyfit_dense_sparse_clustered_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                                       const uint8_t *indices, int index_bits,
                                       const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols,
                                       const uint8_t *gaps, int gap_bits,
                                       const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                                       const uint16_t *row_counts, const int8_t *codebook,
                                       const int32_t *bias,
                                       int out_n, int8_t *out, int32_t out_zp,
                                       const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                       int32_t act_min, int32_t act_max)
{
    const int fixed = !idx_hcounts && !gap_hcounts;
    int r, o;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        tinyfit_sc_stream is = { indices, 0u, 0, (unsigned)index_bits, idx_hcounts, idx_hsymbols };
        tinyfit_sc_stream gs = { gaps, 0u, 0, (unsigned)gap_bits, gap_hcounts, gap_hsymbols };
        for (o = 0; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            const int8_t *xp = in_r; /* the column after the previous entry */
            int count = row_counts[o];
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = bias ? (uint32_t)bias[o] : 0u;
            if (fixed) {
                for (; count > 0; --count) {
                    xp += tinyfit_sc_fixed(&gs);
                    acc += (uint32_t)(((int32_t)*xp++ - in_zp) * (int32_t)codebook[tinyfit_sc_fixed(&is)]);
                }
            } else {
                for (; count > 0; --count) {
                    xp += tinyfit_sc_next(&gs);
                    acc += (uint32_t)(((int32_t)*xp++ - in_zp) * (int32_t)codebook[tinyfit_sc_next(&is)]);
                }
            }
            out_r[o] = tinyfit_requant_out_s8(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
