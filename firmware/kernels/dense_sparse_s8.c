/*
 * Sparse int8 fully connected layer: walks the relative indices of Deep Compression's sparse format (a gap of
 * skipped zeros before each kept weight, filler zeros when a gap overflows) and multiplies only the kept
 * weights. Why: at 90 % sparsity a row of LeNet-300-100's first layer keeps ~80 of 784 weights, so this
 * does ~10x fewer multiply-accumulates than dense_s8, and the weights take values + gaps instead of in_n bytes.
 * Format and semantics: dense_sparse_s8.h.
 */
#include "dense_sparse_s8.h"
#include "fixedpoint_s8.h"
#include "bias_s8.h"

/*
 * acc + sum over the `count` entries of one row (values v, gaps from entry e on); x points at the row's inputs.
 * xp is the column after the previous entry (the row start before the first), so each entry is xp += gap, then
 * *xp++: it never points before x nor more than one past the row. 4-bit gaps are read a byte (two entries) at a
 * time after an odd first entry, which halves the gap loads and the loop overhead.
 */
static uint32_t tinyfit_sparse_row(const int8_t *x, int32_t zp, const int8_t *v, const uint8_t *gaps,
                                   int gap_bits, int e, int count, uint32_t acc)
{
    const int8_t *xp = x;
    if (gap_bits == 4) {
        const uint8_t *gp = gaps + (e >> 1);
        int pairs;
        if ((e & 1) && count > 0) {
            xp += *gp++ >> 4;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * (int32_t)*v++);
            --count;
        }
        for (pairs = count >> 1; pairs > 0; --pairs) {
            const unsigned g = *gp++;
            const int32_t x0 = xp[g & 15u];
            xp += (g & 15u) + 1u;
            {
                const int32_t x1 = xp[g >> 4];
                xp += (g >> 4) + 1u;
                acc += (uint32_t)((x0 - zp) * (int32_t)v[0]) + (uint32_t)((x1 - zp) * (int32_t)v[1]);
            }
            v += 2;
        }
        if (count & 1) acc += (uint32_t)(((int32_t)xp[*gp & 15u] - zp) * (int32_t)*v);
    } else if (gap_bits == 8) {
        const uint8_t *gp = gaps + e;
        for (; count > 0; --count) {
            xp += *gp++;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * (int32_t)*v++);
        }
    } else {
        /* any other width 1..7: the gap straddles at most two bytes (the second read only when it does) */
        uint32_t bit = (uint32_t)e * (uint32_t)gap_bits;
        const unsigned mask = (1u << gap_bits) - 1u;
        for (; count > 0; --count, bit += (uint32_t)gap_bits) {
            const unsigned sh = bit & 7u;
            unsigned g = (unsigned)gaps[bit >> 3] >> sh;
            if (sh + (unsigned)gap_bits > 8u) g |= (unsigned)gaps[(bit >> 3) + 1] << (8u - sh);
            xp += g & mask;
            acc += (uint32_t)(((int32_t)*xp++ - zp) * (int32_t)*v++);
        }
    }
    return acc;
}

void tinyfit_dense_sparse_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                             const int8_t *values, const uint8_t *gaps, int gap_bits,
                             const uint16_t *gap_hcounts, const uint8_t *gap_hsymbols,
                             const uint16_t *row_counts, const void *bias, int bias16,
                             int out_n, int8_t *out, int32_t out_zp,
                             const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                             int32_t act_min, int32_t act_max)
{
    int r, o;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        int e = 0;        /* first entry of row o */
        uint32_t hpos = 0; /* Huffman 'stream' mode: bit position in the gaps' codes */
        for (o = 0; o < out_n; ++o) {
            const int k = per_channel ? o : 0;
            const int count = row_counts[o];
            /* uint32: the sum wraps modulo 2^32 like the reference, without signed overflow. */
            uint32_t acc = (uint32_t)TINYFIT_BIAS(bias, bias16, o);
            if (gap_hcounts) {
                /* Huffman-coded gaps decoded entry by entry (huffman_decode.h), every inference */
                const int8_t *xp = in_r, *v = values + e;
                int c;
                for (c = 0; c < count; ++c) {
                    xp += tinyfit_huffman_next(gaps, &hpos, gap_hcounts, gap_hsymbols);
                    acc += (uint32_t)(((int32_t)*xp++ - in_zp) * (int32_t)*v++);
                }
            } else {
                acc = tinyfit_sparse_row(in_r, in_zp, values + e, gaps, gap_bits, e, count, acc);
            }
            e += count;
            out_r[o] = tinyfit_requant_out_s8(acc, out_mult[k], out_shift[k], out_zp, act_min, act_max);
        }
    }
}
