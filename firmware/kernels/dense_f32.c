#include "dense_f32.h"

/* Weight storage hooks. The storage variants (<op>_f16w_f32.c: half weights, <op>_i8w_f32.c: int8
 * weights with a float scale per output channel) define these macros, then #include this file, so
 * the loops exist once; the defaults give the plain float kernel. TINYFIT_W_ACC_INIT(bias, o)
 * starts output channel o's sum (TINYFIT_B_T: the bias element type); TINYFIT_W_ACC_DONE(acc, bias, o) turns the finished sum into the
 * value that is clamped (the int8 variant starts from 0, then scales and adds the bias there).
 * All are #undef'd at the end of the file. */
#ifndef TINYFIT_W_FN
#define TINYFIT_W_FN tinyfit_dense_f32
#endif
#ifndef TINYFIT_W_T
#define TINYFIT_W_T float
#endif
#ifndef TINYFIT_W_PARAMS
#define TINYFIT_W_PARAMS const float *w
#endif
#ifndef TINYFIT_W_LOAD
#define TINYFIT_W_LOAD(p, i) ((p)[i])
#endif
#ifndef TINYFIT_B_T
#define TINYFIT_B_T float
#endif
#ifndef TINYFIT_W_ACC_INIT
#define TINYFIT_W_ACC_INIT(bias, o) ((bias) ? (bias)[o] : 0.0f)
#endif
#ifndef TINYFIT_W_ACC_DONE
#define TINYFIT_W_ACC_DONE(acc, bias, o) (acc)
#endif

void TINYFIT_W_FN(const float *in, int rows, int in_n, TINYFIT_W_PARAMS,
                  const TINYFIT_B_T *bias, int out_n, float *out,
                  float act_min, float act_max)
{
    int r, o, i;

    for (r = 0; r < rows; ++r) {
        const float *in_row = in + r * in_n;
        float *out_row = out + r * out_n;
        for (o = 0; o < out_n; ++o) {
            const TINYFIT_W_T *w_row = w + o * in_n;
            float acc = TINYFIT_W_ACC_INIT(bias, o);
            float y;
            for (i = 0; i < in_n; ++i) {
                acc += in_row[i] * TINYFIT_W_LOAD(w_row, i);
            }
            y = TINYFIT_W_ACC_DONE(acc, bias, o);
            out_row[o] = y < act_min ? act_min : (y > act_max ? act_max : y);
        }
    }
}

#undef TINYFIT_W_FN
#undef TINYFIT_W_T
#undef TINYFIT_W_PARAMS
#undef TINYFIT_W_LOAD
#undef TINYFIT_B_T
#undef TINYFIT_W_ACC_INIT
#undef TINYFIT_W_ACC_DONE
