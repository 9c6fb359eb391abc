/*
 * Canonical Huffman decoder for compressed weight arrays (Deep Compression §4 codes sparse gaps and cluster
 * indices). Why this shape: a canonical code is fully described by how many codes each length has, so the
 * tables are 16 counts plus the symbols (<= 288 bytes), with no tree and no lookup table to fit in RAM; the
 * decoder reads one bit at a time and compares the code so far with the first code of its length (the
 * method of RFC 1951's canonical codes). It runs once, before first use, into a RAM buffer: speed matters
 * little, table size does.
 */
#ifndef TINYFIT_HUFFMAN_DECODE_H
#define TINYFIT_HUFFMAN_DECODE_H

#include <stdint.h>

/* Out of line under GCC/Clang (one copy per translation unit however many layers call it; `unused` for the
 * kernel files that include it without calling it), else static inline. */
#if defined(__GNUC__)
#define TINYFIT_HUFFMAN_DECODE_FN static __attribute__((noinline, unused))
#else
#define TINYFIT_HUFFMAN_DECODE_FN static inline
#endif

/*
 * Header only (static), a shared header like window.h rather than an op kernel: the kernels that read
 * Huffman-codable arrays (dense_sparse_s8, dense_clustered_s8) include it from their headers, so model.c, which
 * runs the start-up decoding before the kernel's first call, has it without another kernel file.
 *
 * Decodes `n` bytes of a canonical Huffman stream (src/ir/storage/huffman.ts) into `out`:
 *   counts[len] = number of codes of length len, 1 <= len <= 15 (counts[0] unused);
 *   symbols     = the coded byte values sorted by (code length, value);
 *   bits        = the codes, most significant bit first, from bit 7 of bits[0] on; nbytes bytes long.
 * Returns 0, or -1 when the stream ends early or holds a code the tables do not define (out is then partial).
 */
TINYFIT_HUFFMAN_DECODE_FN int tinyfit_huffman_decode(const uint8_t *bits, int nbytes, const uint16_t *counts,
                                                 const uint8_t *symbols, uint8_t *out, int n)
{
    const int32_t total = (int32_t)nbytes * 8;
    int32_t pos = 0;
    int i;

    for (i = 0; i < n; ++i) {
        int32_t code = 0;  /* the bits read so far */
        int32_t first = 0; /* first code of the current length */
        int32_t index = 0; /* position in symbols of that first code */
        int len;
        for (len = 1; len <= 15; ++len) {
            int32_t count;
            if (pos >= total) return -1;
            code |= (bits[pos >> 3] >> (7 - (pos & 7))) & 1;
            ++pos;
            count = counts[len];
            if (code - first < count) {
                out[i] = symbols[index + code - first];
                break;
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        if (len > 15) return -1;
    }
    return 0;
}

#endif /* TINYFIT_HUFFMAN_DECODE_H */
