#ifndef TINYFIT_CONCAT_F32_H
#define TINYFIT_CONCAT_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Concatenation along one axis (values copied unchanged):
 *
 *   input k, viewed as [outer][axis_sizes[k]][inner]  ->  output [outer][sum_k axis_sizes[k]][inner]
 *
 * `ins` holds `n_inputs` input pointers and `axis_sizes` their concatenation-axis sizes; `outer` is the
 * product of the axes before the concatenation axis, `inner` the product of those after it (1 for the last
 * axis). `out` must not alias any input.
 */
void tinyfit_concat_f32(const float *const *ins, const int *axis_sizes, int n_inputs,
                        int outer, int inner, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_F32_H */
