/*
 * Int8 fully connected layer for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (dense_s8.h). Each input row is one run of VMLADAVA.S8 dot products against the weight rows, four outputs at a
 * time, Σ w for the input zero point summed on the fly (tinyfit_mve_dot_row, dot_mve_s8.h).
 */
#include "dense_s8.h"
#include "dot_mve_s8.h"

void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    int r;
    for (r = 0; r < rows; ++r)
        tinyfit_mve_dot_row(in + r * in_n, in_n, w, out_n, bias, (const int32_t *)0, in_zp, out + r * out_n, out_mult, out_shift, per_channel,
                            out_zp, act_min, act_max);
}
