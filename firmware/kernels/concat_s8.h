#ifndef TINYFIT_CONCAT_S8_H
#define TINYFIT_CONCAT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 concatenation: input k has shape (outer, axis_sizes[k], inner); the output's axis size is their sum.
 * Input k is copied when in_copy[k] is 1, else requantized to the output's parameters:
 * clamp(requant(q - in_zp[k], in_mult[k], in_shift[k]) + out_zp, -128, 127). Reference: concatInt8 in
 * src/reference/int8/concat.ts (per-input arguments: requantPlan), bit-exact.
 */
void tinyfit_concat_s8(const int8_t *const *ins, const int *axis_sizes, int n_inputs, int outer, int inner,
                       int8_t *out, const int32_t *in_zp, const int32_t *in_mult, const int32_t *in_shift,
                       const int *in_copy, int32_t out_zp);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_S8_H */
