#include "conv2d_preact_f16w_f32.h"
#include "half_f32.h"

/* The loops of conv2d_preact_f32.c (included at the end, so it must be copied alongside) with each
 * weight (and bias, pre-activation scale and shift) decoded from binary16 as it is read. */
#define TINYFIT_W_FN tinyfit_conv2d_preact_f16w_f32
#define TINYFIT_W_T uint16_t
#define TINYFIT_W_PARAMS const uint16_t *w
#define TINYFIT_W_LOAD(p, i) tinyfit_half_to_f32((p)[i])
#define TINYFIT_B_T uint16_t
#define TINYFIT_W_ACC_INIT(bias, o) ((bias) ? tinyfit_half_to_f32((bias)[o]) : 0.0f)
#define TINYFIT_P_T uint16_t
#define TINYFIT_P_LOAD(p, i) tinyfit_half_to_f32((p)[i])

#include "conv2d_preact_f32.c"
