/*
 * The bias of the compressed int8 kernels, read through one macro: stored int32 (TFLite's bias type), or int16
 * when every bias of the layer fits (src/ir/storage: the generator's int16 bias storage), which halves the
 * bias bytes of a compressed model — Deep Compression counts them — at the cost of a test per output, not per
 * weight. `bias` NULL reads 0.
 */
#ifndef TINYFIT_BIAS_S8_H
#define TINYFIT_BIAS_S8_H

#include <stdint.h>

#define TINYFIT_BIAS(bias, bias16, o)                                                           \
    ((bias) == 0 ? 0 : (bias16) ? (int32_t)((const int16_t *)(bias))[o] : ((const int32_t *)(bias))[o])

#endif /* TINYFIT_BIAS_S8_H */
