#ifndef TINYFIT_CONCAT_F32_H
#define TINYFIT_CONCAT_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Concatenates tensors along one axis. Input k is viewed as [outer][axis_sizes[k]][inner];
 * the output is [outer][sum_k axis_sizes[k]][inner].
 *
 * @param ins        Array of `n_inputs` input pointers.
 * @param axis_sizes Concatenation-axis size of each input, `n_inputs` entries.
 * @param n_inputs   Number of inputs.
 * @param outer      Product of the axes before the concatenation axis.
 * @param inner      Product of the axes after the concatenation axis (1 for the last axis).
 * @param out        Output; must not alias any input.
 */
void tinyfit_concat_f32(const float *const *ins, const int *axis_sizes, int n_inputs,
                        int outer, int inner, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_F32_H */
