#ifndef TINYFIT_TRANSPOSE_F32_H
#define TINYFIT_TRANSPOSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Axis permutation of a row-major tensor (values copied unchanged):
 *
 *   out.shape[i] = in_shape[perm[i]]
 *
 * `in_shape` and `perm` have `rank` entries; `perm` holds each of 0..rank-1 exactly once; rank is 1..6
 * (other values do nothing). `out` must not alias `in`.
 */
void tinyfit_transpose_f32(const float *in, const int *in_shape, const int *perm,
                           int rank, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_TRANSPOSE_F32_H */
