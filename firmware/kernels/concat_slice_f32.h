#ifndef TINYFIT_CONCAT_SLICE_F32_H
#define TINYFIT_CONCAT_SLICE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copies `rows` rows of `n` elements between strided layouts: row r goes from `in + r*in_stride`
 * to `out + r*out_stride` (e.g. a concatenation input that could not be a view is copied into its
 * channel slice: rows = pixels, n = its channels, out_stride = the concat's channels).
 *
 * Rows are copied in increasing order, each as if through a temporary, so `out` may overlap `in`
 * when no row's destination overwrites a later row's source (e.g. in place, or out below in with
 * out_stride <= in_stride).
 *
 * @param in         Source, `rows` rows `in_stride` elements apart.
 * @param rows       Row count.
 * @param n          Elements per row.
 * @param in_stride  Elements between consecutive source rows (`n` when contiguous).
 * @param out        Destination, `rows` rows `out_stride` elements apart.
 * @param out_stride Elements between consecutive destination rows (`n` when contiguous).
 */
void tinyfit_concat_slice_f32(const float *in, int rows, int n, int in_stride,
                              float *out, int out_stride);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_F32_H */
