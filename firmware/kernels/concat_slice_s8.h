#ifndef TINYFIT_CONCAT_SLICE_S8_H
#define TINYFIT_CONCAT_SLICE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copies `rows` rows of `n` int8 elements, row r from `in + r*in_stride` to `out + r*out_stride` (a concat input
 * that could not be a view, copied into its slice). Overlapping rows are copied as by memmove.
 */
void tinyfit_concat_slice_s8(const int8_t *in, int rows, int n, int in_stride, int8_t *out, int out_stride);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_SLICE_S8_H */
