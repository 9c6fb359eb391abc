#ifndef TINYFIT_TRANSPOSE_S8_H
#define TINYFIT_TRANSPOSE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Axis permutation of an int8 row-major tensor, as tinyfit_transpose_f32, bit-exact with transposeInt8
 * (src/reference/int8/movers.ts):
 *
 *   out.shape[i] = in_shape[perm[i]]
 *
 * Rank 1..6; the output is row-major.
 */
void tinyfit_transpose_s8(const int8_t *in, const int *in_shape, const int *perm, int rank, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_TRANSPOSE_S8_H */
