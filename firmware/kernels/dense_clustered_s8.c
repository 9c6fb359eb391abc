/*
 * Clustered int8 fully connected layer: each weight is a `bits`-bit index into a codebook of at most 2^bits int8
 * centroids (Deep Compression's weight sharing). Why: with 4-bit indices the matrix takes half the flash of
 * int8 (a quarter at 2 bits), and the lookup costs a few instructions per weight. Format: dense_clustered_s8.h.
 */
#include "dense_clustered_s8.h"
#include "fixedpoint_s8.h"
#include "bias_s8.h"

void tinyfit_dense_clustered_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                                const uint8_t *indices, int bits,
                                const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols, const int8_t *codebook,
                                const void *bias, int bias16,
                                int out_n, int8_t *out, int32_t out_zp,
                                const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                int32_t act_min, int32_t act_max)
{
    const unsigned mask = (1u << bits) - 1u;
    int r, o, i;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        uint32_t bit = 0; /* bit position of the current weight's index */
        for (o = 0; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = (uint32_t)TINYFIT_BIAS(bias, bias16, o);
            i = 0;
            if (idx_hcounts) {
                /* Huffman-coded indices decoded weight by weight (huffman_decode.h); `bit` is the code position */
                for (; i < in_n; ++i)
                    acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * (int32_t)codebook[tinyfit_huffman_next(indices, &bit, idx_hcounts, idx_hsymbols)]);
            } else if (bits == 4 && !(bit & 7u)) {
                /* 4-bit indices from a byte boundary: two weights per byte load */
                const uint8_t *p = indices + (bit >> 3);
                for (; i + 2 <= in_n; i += 2) {
                    const unsigned b = *p++;
                    acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * (int32_t)codebook[b & 15u]) +
                           (uint32_t)(((int32_t)in_r[i + 1] - in_zp) * (int32_t)codebook[b >> 4]);
                }
                bit += (uint32_t)i * 4u;
            }
            for (; i < in_n; ++i, bit += (uint32_t)bits) {
                const unsigned sh = bit & 7u;
                unsigned idx = (unsigned)indices[bit >> 3] >> sh;
                /* the second byte only when the index straddles it (never read past the array) */
                if (sh + (unsigned)bits > 8u) idx |= (unsigned)indices[(bit >> 3) + 1] << (8u - sh);
                acc += (uint32_t)(((int32_t)in_r[i] - in_zp) * (int32_t)codebook[idx & mask]);
            }
            out_r[o] = tinyfit_requant_out_s8(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
