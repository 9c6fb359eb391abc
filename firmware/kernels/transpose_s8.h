#ifndef TINYFIT_TRANSPOSE_S8_H
#define TINYFIT_TRANSPOSE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Permutes the axes of an int8 tensor (rank 1..6): `out.shape[i] = in_shape[perm[i]]`, output row-major.
 * Reference: transposeInt8 in src/reference/int8/movers.ts.
 */
void tinyfit_transpose_s8(const int8_t *in, const int *in_shape, const int *perm, int rank, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_TRANSPOSE_S8_H */
