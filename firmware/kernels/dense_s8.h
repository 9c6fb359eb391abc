#ifndef TINYFIT_DENSE_S8_H
#define TINYFIT_DENSE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Int8 fully connected layer, TFLite Micro's FullyConnected / FullyConnectedPerChannel
 * (tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h), bit-exact with denseInt8
 * (src/reference/int8/dense.ts):
 *
 *   acc = sum_i w[o][i] * (in[r][i] - in_zp) + bias[o]                                (int32, wraps)
 *   out = clamp(tinyfit_requant(acc, out_mult[k], out_shift[k]) + out_zp, act_min, act_max)
 *
 * Each of `rows` contiguous input rows of `in_n` gives a contiguous output row of `out_n`. k = o when
 * `per_channel` is nonzero, else k = 0 (one multiplier: the float32-product multiplier of TFLite's
 * per-tensor FULLY_CONNECTED); prepareDense in src/reference/int8/prepare.ts.
 */
void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w /* [out_n][in_n] */, const int32_t *bias /* [out_n] or NULL */,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_DENSE_S8_H */
