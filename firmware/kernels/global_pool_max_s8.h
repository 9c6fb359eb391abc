#ifndef TINYFIT_GLOBAL_POOL_MAX_S8_H
#define TINYFIT_GLOBAL_POOL_MAX_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 global max pooling (input and output share their quantization parameters), bit-exact with
 * globalPoolInt8 (src/reference/int8/pool.ts):
 *
 *   out[ch] = max over the h*w pixels p of in[p*in_stride + ch]
 *
 * Input pixel p at `in + p*in_stride`; `out` is [c], contiguous.
 */
void tinyfit_global_pool_max_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_MAX_S8_H */
