#ifndef TINYFIT_CONCAT_SLICE_F32_H
#define TINYFIT_CONCAT_SLICE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Strided row copy (values copied unchanged), e.g. a concatenation input that could not be a view copied
 * into its channel slice (rows = pixels, n = its channels, out_stride = the concat's channels):
 *
 *   out[r*out_stride + j] = in[r*in_stride + j]      for r < rows, j < n
 *
 * Strides are in elements (`n` when contiguous). Rows are copied in increasing order, each as if through a
 * temporary, so `out` may overlap `in` when no row's destination overwrites a later row's source (e.g. in
 * place, or out below in with out_stride <= in_stride).
 */
void tinyfit_concat_slice_f32(const float *in, int rows, int n, int in_stride,
                              float *out, int out_stride);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_F32_H */
