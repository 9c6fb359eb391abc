#include "depthwise_conv2d_inplace_i8w_f32.h"

/* The loops of depthwise_conv2d_inplace_f32.c (included at the end, so it must be copied alongside):
 * the sum starts from 0, accumulates x * (float)q, and is scaled once per output channel before the
 * bias is added. */
#define TINYFIT_W_FN tinyfit_depthwise_conv2d_inplace_i8w_f32
#define TINYFIT_W_T int8_t
#define TINYFIT_W_PARAMS const int8_t *w, const float *w_scale
#define TINYFIT_W_LOAD(p, i) ((float)(p)[i])
#define TINYFIT_W_ACC_INIT(bias, o) 0.0f
#define TINYFIT_W_ACC_DONE(acc, bias, o) ((acc) * w_scale[o] + ((bias) ? (bias)[o] : 0.0f))

#include "depthwise_conv2d_inplace_f32.c"
