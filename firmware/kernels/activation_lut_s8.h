#ifndef TINYFIT_ACTIVATION_LUT_S8_H
#define TINYFIT_ACTIVATION_LUT_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 lookup table (any unary activation between two int8 parameter sets): out = table[q + 128] for `rows`
 * rows of `n` elements (row r at `in + r*in_stride` / `out + r*out_stride`; flat: rows = 1). Works in place
 * (in == out, equal strides). Table: activationLut in src/reference/int8/lut.ts.
 */
void tinyfit_activation_lut_s8(const int8_t *in, int in_stride, int8_t *out, int out_stride, int rows, int n,
                    const int8_t *table);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_ACTIVATION_LUT_S8_H */
