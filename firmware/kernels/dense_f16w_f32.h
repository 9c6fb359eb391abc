#ifndef TINYFIT_DENSE_F16W_F32_H
#define TINYFIT_DENSE_F16W_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * tinyfit_dense_f32 with half weight storage (firmware/kernels/README.md, "Weight storage variants"):
 * weights and biases are IEEE binary16 bits (half the flash), decoded exactly to float while computing
 * (tinyfit_half_to_f32, half_f32.h); bit-identical to tinyfit_dense_f32 fed the decoded values:
 *
 *   out = tinyfit_dense_f32(..., half_to_f32(w), half_to_f32(bias), ...)
 *
 * `w`: binary16 bits, shape [out_n][in_n]; `bias`: binary16 bits, or NULL. All other parameters are as in
 * tinyfit_dense_f32.
 */
void tinyfit_dense_f16w_f32(const float *in, int rows, int in_n, const uint16_t *w,
                            const uint16_t *bias, int out_n, float *out,
                            float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_F16W_F32_H */
