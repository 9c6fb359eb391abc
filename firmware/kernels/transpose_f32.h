#ifndef TINYFIT_TRANSPOSE_F32_H
#define TINYFIT_TRANSPOSE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Permutes the axes of a row-major tensor: `out.shape[i] = in_shape[perm[i]]`.
 *
 * @param in       Input tensor.
 * @param in_shape Input shape, `rank` entries.
 * @param perm     Axis permutation, `rank` entries, each of 0..rank-1 exactly once.
 * @param rank     Number of axes, 1..6 (other values do nothing).
 * @param out      Output tensor; must not alias `in`.
 */
void tinyfit_transpose_f32(const float *in, const int *in_shape, const int *perm,
                           int rank, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_TRANSPOSE_F32_H */
