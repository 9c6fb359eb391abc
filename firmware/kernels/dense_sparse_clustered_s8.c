/*
 * Sparse + clustered int8 fully connected layer: walks Deep Compression's relative-index entries (a gap of
 * skipped zeros before each kept weight) whose values are cluster indices into a shared int8 codebook. Why: at
 * ~92 % sparsity with 32 clusters an entry is ~10 bits (5-bit gap + 5-bit index), about a byte per kept
 * weight, and only kept weights are multiplied. Both symbol streams are read sequentially across the whole
 * layer, so fixed-width streams use small LSB-first bit buffers in registers (one byte load per 8 bits) and
 * Huffman-coded streams are decoded symbol by symbol (huffman_decode.h). Format and semantics: dense_sparse_clustered_s8.h.
 */
#include "dense_sparse_clustered_s8.h"
#include "fixedpoint_s8.h"
#include "bias_s8.h"

/* Refills an LSB-first bit buffer `b` holding `h` bits from `p` when it holds fewer than `w` bits (one byte). */
#define TINYFIT_SC_NEED(b, h, p, w) \
    do {                             \
        if ((h) < (w)) {             \
            (b) |= (uint32_t)*(p)++ << (h); \
            (h) += 8;                \
        }                            \
    } while (0)

/*
 * Fixed-width streams: acc + the row's `count` entries. The two LSB-first bit buffers (*gbuf holding *gn bits,
 * *ibuf holding *in bits) are refilled a byte at a time when they hold fewer bits than one symbol, so no byte is
 * read past the streams' ends; 8-bit gaps (the no-filler width) are read as bytes, and equal widths (what 'auto'
 * often picks) share one bit count, each in a loop of its own (fewer live registers).
 */
static uint32_t tinyfit_sc_row_fixed(const int8_t *xp, int32_t zp, int count, const int8_t *codebook,
                                     const uint8_t **gp, uint32_t *gbuf, int *gn, int gap_bits,
                                     const uint8_t **ip, uint32_t *ibuf, int *in, int index_bits, uint32_t acc)
{
    const uint8_t *g = *gp, *i = *ip;
    uint32_t gb = *gbuf, ib = *ibuf;
    int gh = *gn, ih = *in;
    const uint32_t imask = (1u << index_bits) - 1u;
    if (gap_bits == 8) {
        for (; count > 0; --count) {
            int32_t w;
            xp += *g++;
            TINYFIT_SC_NEED(ib, ih, i, index_bits);
            w = codebook[ib & imask];
            ib >>= index_bits;
            ih -= index_bits;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * w);
        }
    } else if (gap_bits == index_bits) {
        /* equal widths: both buffers always hold the same number of bits, one counter and one test for both */
        for (; count > 0; --count) {
            int32_t w;
            if (gh < gap_bits) {
                gb |= (uint32_t)*g++ << gh;
                ib |= (uint32_t)*i++ << gh;
                gh += 8;
            }
            xp += gb & imask;
            w = codebook[ib & imask];
            gb >>= gap_bits;
            ib >>= gap_bits;
            gh -= gap_bits;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * w);
        }
        ih = gh;
    } else {
        const uint32_t gmask = (1u << gap_bits) - 1u;
        for (; count > 0; --count) {
            int32_t w;
            TINYFIT_SC_NEED(gb, gh, g, gap_bits);
            xp += gb & gmask;
            gb >>= gap_bits;
            gh -= gap_bits;
            TINYFIT_SC_NEED(ib, ih, i, index_bits);
            w = codebook[ib & imask];
            ib >>= index_bits;
            ih -= index_bits;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * w);
        }
    }
    *gp = g, *ip = i, *gbuf = gb, *ibuf = ib, *gn = gh, *in = ih;
    return acc;
}

/*
 * One symbol of a stream in the general path: packed `width` bits at bit *pos (hcounts NULL; the second byte only
 * when the symbol straddles it), or the next canonical Huffman code ('stream' mode).
 */
static unsigned tinyfit_sc_symbol(const uint8_t *data, uint32_t *pos, unsigned width, const uint16_t *hcounts,
                                  const uint8_t *hsymbols)
{
    uint32_t p = *pos;
    unsigned v, sh;
    if (hcounts) return tinyfit_huffman_next(data, pos, hcounts, hsymbols);
    sh = p & 7u;
    v = (unsigned)data[p >> 3] >> sh;
    if (sh + width > 8u) v |= (unsigned)data[(p >> 3) + 1] << (8u - sh);
    *pos = p + width;
    return v & ((1u << width) - 1u);
}

void tinyfit_dense_sparse_clustered_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                                       const uint8_t *indices, int index_bits,
                                       const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols,
                                       const uint8_t *gaps, int gap_bits,
                                       const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                                       const uint16_t *row_counts, const int8_t *codebook,
                                       const void *bias, int bias16,
                                       int out_n, int8_t *out, int32_t out_zp,
                                       const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                                       int32_t act_min, int32_t act_max)
{
    const int fixed = !idx_hcounts && !gap_hcounts;
    int r, o;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        const uint8_t *gp = gaps, *ip = indices;
        uint32_t gbuf = 0, ibuf = 0; /* fixed width: bit buffers; general path: bit positions */
        int gn = 0, inb = 0;
        for (o = 0; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            int count = row_counts[o];
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = (uint32_t)TINYFIT_BIAS(bias, bias16, o);
            if (fixed) {
                acc = tinyfit_sc_row_fixed(in_r, in_zp, count, codebook, &gp, &gbuf, &gn, gap_bits, &ip, &ibuf, &inb, index_bits, acc);
            } else {
                const int8_t *xp = in_r; /* the column after the previous entry */
                for (; count > 0; --count) {
                    xp += tinyfit_sc_symbol(gaps, &gbuf, (unsigned)gap_bits, gap_hcounts, gap_hsymbols);
                    acc += (uint32_t)(((int32_t)*xp++ - in_zp) *
                                      (int32_t)codebook[tinyfit_sc_symbol(indices, &ibuf, (unsigned)index_bits, idx_hcounts, idx_hsymbols)]);
                }
            }
            out_r[o] = tinyfit_requant_out_s8(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
