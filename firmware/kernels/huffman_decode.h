/*
 * Canonical Huffman decoding of compressed weight streams (Deep Compression §4 codes the sparse gaps and the
 * cluster indices, one symbol per entry; src/ir/storage/huffman.ts). Why this shape: a canonical code is fully
 * described by how many codes each length has, so the tables are 16 counts plus the symbols, with no tree and no
 * lookup table in RAM; the decoder reads one bit at a time and compares the code so far with the first code of
 * its length (the method of RFC 1951's canonical codes). Two uses:
 *   - start-up: tinyfit_huffman_decode fills a static RAM array once, before the kernel's first call, with the
 *     symbols packed `width` bits each LSB-first (the array the kernel reads when there is no Huffman coding);
 *   - stream: the kernel calls tinyfit_huffman_next per entry, every inference, and needs no RAM.
 * Both are a few dozen instructions of code: the byte budget counts them.
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
 * Huffman-codable arrays include it from their headers, so model.c, which runs the start-up decoding before the
 * kernel's first call, has it without another kernel file.
 *
 * Stream format: counts[len] = number of codes of length len, 1 <= len <= 15 (counts[0] unused); symbols = the
 * coded values sorted by (code length, value); bits = the codes, most significant bit first, from bit 7 of
 * bits[0] on. The streams come from the generator's encoder: a code the tables do not define (corrupt data)
 * decodes to symbol 0 after 15 bits rather than being checked for.
 */

/* Decodes the symbol whose code starts at bit *pos of `bits` and advances *pos past it. */
TINYFIT_HUFFMAN_DECODE_FN unsigned tinyfit_huffman_next(const uint8_t *bits, uint32_t *pos, const uint16_t *counts,
                                                        const uint8_t *symbols)
{
    uint32_t p = *pos;
    int32_t code = 0;  /* the bits read so far */
    int32_t first = 0; /* first code of the current length */
    int32_t index = 0; /* position in symbols of that first code */
    int len;
    unsigned s = 0;
    for (len = 1; len <= 15; ++len) {
        const int32_t count = counts[len];
        code |= (bits[p >> 3] >> (7u - (p & 7u))) & 1;
        ++p;
        if (code - first < count) {
            s = symbols[index + code - first];
            break;
        }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    *pos = p;
    return s;
}

/* Start-up decoding: the `n` symbols of the stream into `out`, packed `width` (1..8) bits each, LSB-first. */
TINYFIT_HUFFMAN_DECODE_FN void tinyfit_huffman_decode(const uint8_t *bits, const uint16_t *counts, const uint8_t *symbols,
                                                      uint8_t *out, int32_t n, int width)
{
    uint32_t pos = 0, acc = 0;
    int have = 0;
    for (; n > 0; --n) {
        acc |= tinyfit_huffman_next(bits, &pos, counts, symbols) << have;
        for (have += width; have >= 8; have -= 8, acc >>= 8) *out++ = (uint8_t)acc;
    }
    if (have > 0) *out = (uint8_t)acc;
}

#endif /* TINYFIT_HUFFMAN_DECODE_H */
