#ifndef TINYFIT_CONCAT_S8_H
#define TINYFIT_CONCAT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 concatenation, bit-exact with concatInt8 (src/reference/int8/concat.ts):
 *
 *   input k, (outer, axis_sizes[k], inner)  ->  its block of the output (outer, sum_k axis_sizes[k], inner):
 *   out = in_copy[k] ? q : clamp(requant(q - in_zp[k], in_mult[k], in_shift[k]) + out_zp, -128, 127)
 *
 * Input k is copied when in_copy[k] is 1, else requantized to the output's parameters (per-input arguments:
 * requantPlan in src/reference/int8/concat.ts). requant is tinyfit_requant (fixedpoint_s8.h); "+ out_zp"
 * wraps modulo 2^32 like the reference.
 */
void tinyfit_concat_s8(const int8_t *const *ins, const int *axis_sizes, int n_inputs, int outer, int inner,
                       int8_t *out, const int32_t *in_zp, const int32_t *in_mult, const int32_t *in_shift,
                       const int *in_copy, int32_t out_zp);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONCAT_S8_H */
