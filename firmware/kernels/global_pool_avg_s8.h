#ifndef TINYFIT_GLOBAL_POOL_AVG_S8_H
#define TINYFIT_GLOBAL_POOL_AVG_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 global average pooling (input and output share their quantization parameters), bit-exact with
 * globalPoolInt8 (src/reference/int8/pool.ts); rounds like tinyfit_pool2d_avg_s8 (halves away from zero):
 *
 *   sum = int32 sum over the count = h*w pixels p of in[p*in_stride + ch]
 *   out[ch] = sum > 0 ? (sum + count/2)/count : (sum - count/2)/count
 *
 * Input pixel p at `in + p*in_stride`; `out` is [c], contiguous; h*w >= 1.
 */
void tinyfit_global_pool_avg_s8(const int8_t *in, int h, int w, int c, int in_stride, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_AVG_S8_H */
