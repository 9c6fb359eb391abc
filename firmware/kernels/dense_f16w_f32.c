#include "dense_f16w_f32.h"
#include "half_f32.h"

/* The loops of dense_f32.c (included at the end, so it must be copied alongside) with each weight (and
 * bias) decoded from binary16 as it is read. */
#define TINYFIT_W_FN tinyfit_dense_f16w_f32
#define TINYFIT_W_T uint16_t
#define TINYFIT_W_PARAMS const uint16_t *w
#define TINYFIT_W_LOAD(p, i) tinyfit_half_to_f32((p)[i])
#define TINYFIT_B_T uint16_t
#define TINYFIT_W_ACC_INIT(bias, o) ((bias) ? tinyfit_half_to_f32((bias)[o]) : 0.0f)

#include "dense_f32.c"
