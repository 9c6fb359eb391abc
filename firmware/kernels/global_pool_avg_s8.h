#ifndef TINYFIT_GLOBAL_POOL_AVG_S8_H
#define TINYFIT_GLOBAL_POOL_AVG_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Global average pooling of an int8 HWC tensor to `out[c]` (contiguous); input pixel p at `in + p*in_stride`.
 * Parameters are shared; reference: globalPoolInt8 in src/reference/int8/pool.ts (bit-exact).
 * Rounds like tinyfit_pool2d_avg_s8 (halves away from zero); h*w >= 1.
 */
void tinyfit_global_pool_avg_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_AVG_S8_H */
