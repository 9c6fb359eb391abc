#ifndef TINYFIT_CONCAT_SLICE_S8_H
#define TINYFIT_CONCAT_SLICE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Strided int8 row copy (values copied unchanged), as tinyfit_concat_slice_f32: a concat input that could
 * not be a view, copied into its slice:
 *
 *   out[r*out_stride + j] = in[r*in_stride + j]      for r < rows, j < n
 *
 * Overlapping rows are copied as by memmove.
 */
void tinyfit_concat_slice_s8(const int8_t *in, int rows, int n, int in_stride, int8_t *out, int out_stride);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_S8_H */
