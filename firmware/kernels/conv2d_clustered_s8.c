/*
 * Clustered int8 convolution: decodes one output channel's b-bit cluster indices through the codebook into
 * conv_rows_s8.h's list of nonzero weights, then sweeps every output pixel with it. Why: 4-bit indices halve the
 * flash of int8 weights, and the lookups are paid once per weight per inference, not once per pixel.
 * Format and semantics: conv2d_clustered_s8.h.
 */
#include "conv2d_clustered_s8.h"
#include "conv_rows_s8.h"
#include "bias_s8.h"
#include "symbol_stream.h"

void tinyfit_conv2d_clustered_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp,
                                 const uint8_t *indices, int bits,
                                 const uint16_t *idx_hcounts, const uint8_t *idx_hsymbols, const int8_t *codebook,
                                 const void *bias, int bias16, int out_c,
                                 int k_h, int k_w, int stride_h, int stride_w,
                                 int dil_h, int dil_w, int pad_top, int pad_left,
                                 int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp,
                                 const int32_t *out_mult, const int8_t *out_shift,
                                 int32_t act_min, int32_t act_max)
{
    tinyfit_conv_geom g = { in, in_h, in_w, in_c, in_stride, in_zp, k_h, k_w, stride_h, stride_w, dil_h, dil_w,
                                  pad_top, pad_left, out, out_h, out_w, out_stride, out_zp, act_min, act_max, 0, 0 };
    const int row_n = k_h * k_w * in_c;
    tinyfit_sc_stream is = { indices, 0u, 0, (unsigned)bits, idx_hcounts, idx_hsymbols };
    tinyfit_conv_row row;
    int oc, i;

    if (!tinyfit_conv_geom_prepare(&g)) return;
    for (oc = 0; oc < out_c; ++oc) {
        tinyfit_conv_row_begin(&row, &g);
        /* the stream kind tested once per channel, not per weight */
        if (idx_hcounts)
            for (i = 0; i < row_n; ++i) tinyfit_conv_row_put(&row, codebook[tinyfit_huffman_next(indices, &is.buf, idx_hcounts, idx_hsymbols)]);
        else
            for (i = 0; i < row_n; ++i) tinyfit_conv_row_put(&row, codebook[tinyfit_sc_fixed(&is)]);
        tinyfit_conv_row_end(&row, k_h * k_w);
        tinyfit_conv_row_sweep(&row, &g, oc, TINYFIT_BIAS(bias, bias16, oc), out_mult[oc], out_shift[oc]);
    }
}
