#ifndef TINYFIT_HUFFMAN_DECODE_H
#define TINYFIT_HUFFMAN_DECODE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Decodes `n` bytes of a canonical Huffman stream (src/compress/formats/huffman.ts) into `out`:
 *
 *   counts[len] = number of codes of length len, 1 <= len <= 15 (counts[0] unused);
 *   symbols     = the coded byte values sorted by (code length, value);
 *   bits        = the codes, most significant bit first, from bit 7 of bits[0] on; nbytes bytes long.
 *
 * Returns 0, or -1 when the stream ends early or holds a code the tables do not define (out is then partial).
 */
int tinyfit_huffman_decode(const uint8_t *bits, int nbytes, const uint16_t *counts /* [16] */,
                           const uint8_t *symbols, uint8_t *out, int n);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_HUFFMAN_DECODE_H */
