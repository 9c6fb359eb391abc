/*
 * Sequential readers of a compressed weight's symbol streams (one gap or one cluster index per entry;
 * src/ir/storage): packed fixed-width symbols, LSB-first (bits.ts), through a small bit buffer (one byte load per
 * 8 bits, no straddle test per symbol), or canonical Huffman bits decoded symbol by symbol (huffman_decode.h,
 * 'stream' mode). Header only (static inline), shared by the kernels that walk such streams in order:
 * dense_sparse_clustered_s8, conv2d_sparse_s8, conv2d_clustered_s8, conv2d_sparse_clustered_s8.
 */
#ifndef TINYFIT_SYMBOL_STREAM_H
#define TINYFIT_SYMBOL_STREAM_H

#include <stddef.h> /* NULL tables: a fixed-width stream */
#include <stdint.h>
#include "huffman_decode.h"

/* A symbol stream: packed fixed-width symbols (hcounts NULL) or canonical Huffman bits. */
typedef struct {
    const uint8_t *p;        /* next byte to load (fixed width) / the code bits (Huffman) */
    uint32_t buf;            /* fixed width: bits loaded, not yet consumed, LSB first; Huffman: bit position */
    int have;                /* fixed width: number of bits in buf */
    unsigned width;
    const uint16_t *hcounts;
    const uint8_t *hsymbols;
} tinyfit_sc_stream;

/* The next symbol of a fixed-width stream (width 1..8). */
static inline unsigned tinyfit_sc_fixed(tinyfit_sc_stream *s)
{
    unsigned v;
    if (s->have < (int)s->width) {
        s->buf |= (uint32_t)*s->p++ << s->have;
        s->have += 8;
    }
    v = s->buf & ((1u << s->width) - 1u);
    s->buf >>= s->width;
    s->have -= (int)s->width;
    return v;
}

/* The next symbol of either kind of stream. */
static inline unsigned tinyfit_sc_next(tinyfit_sc_stream *s)
{
    return s->hcounts ? tinyfit_huffman_next(s->p, &s->buf, s->hcounts, s->hsymbols) : tinyfit_sc_fixed(s);
}

#endif /* TINYFIT_SYMBOL_STREAM_H */
