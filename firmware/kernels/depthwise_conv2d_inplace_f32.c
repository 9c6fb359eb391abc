#include "depthwise_conv2d_inplace_f32.h"
#include "window.h"

/* Weight storage hooks. The storage variants (<op>_f16w_f32.c: half weights, <op>_i8w_f32.c: int8
 * weights with a float scale per output channel) define these macros, then #include this file, so
 * the loops exist once; the defaults give the plain float kernel. TINYFIT_W_ACC_INIT(bias, o)
 * starts output channel o's sum (TINYFIT_B_T: the bias element type); TINYFIT_W_ACC_DONE(acc, bias, o) turns the finished sum into the
 * value that is clamped (the int8 variant starts from 0, then scales and adds the bias there).
 * All are #undef'd at the end of the file. */
#ifndef TINYFIT_W_FN
#define TINYFIT_W_FN tinyfit_depthwise_conv2d_inplace_f32
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

void TINYFIT_W_FN(float *buf, int in_h, int in_w, int c,
                  TINYFIT_W_PARAMS, const TINYFIT_B_T *bias,
                  int k_h, int k_w, int stride_h, int stride_w,
                  int dil_h, int dil_w, int pad_top, int pad_left,
                  int out_h, int out_w, float *temp,
                  float act_min, float act_max)
{
    const int n_out = out_h * out_w;
    const int w_row_step = k_w * c;
    const int in_row_step = dil_h * in_w * c; /* input elements between kernel rows */
    const int in_col_step = dil_w * c;        /* input elements between kernel columns */
    int ch, oy, ox, ky, kx, p;

    for (ch = 0; ch < c; ++ch) {
        const float b = TINYFIT_W_ACC_INIT(bias, ch);
        float *t = temp;
        /* Output channel ch reads input channel ch only; its elements are still intact because
         * only the slots of channels < ch have been overwritten so far. */
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int ky_lo, ky_hi;
            tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
            for (ox = 0; ox < out_w; ++ox) {
                const int ix0 = ox * stride_w - pad_left;
                float acc = b;
                float y;
                int kx_lo, kx_hi, n_ky, n_kx;
                tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
                n_ky = ky_hi - ky_lo;
                n_kx = kx_hi - kx_lo;
                if (n_kx <= 0) n_ky = 0;
                if (n_ky > 0) {
                    const float *in_tap0 =
                        buf + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * c + ch;
                    const TINYFIT_W_T *w_tap0 = w + ky_lo * w_row_step + kx_lo * c + ch;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const float *in_row = in_tap0 + ky * in_row_step;
                        const TINYFIT_W_T *w_row = w_tap0 + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            acc += in_row[kx * in_col_step] * TINYFIT_W_LOAD(w_row, kx * c);
                        }
                    }
                }
                y = TINYFIT_W_ACC_DONE(acc, bias, ch);
                *t++ = y < act_min ? act_min : (y > act_max ? act_max : y);
            }
        }
        /* Input channel ch is dead: its slots become output channel ch. */
        for (p = 0; p < n_out; ++p) buf[p * c + ch] = temp[p];
    }
}

#undef TINYFIT_W_FN
#undef TINYFIT_W_T
#undef TINYFIT_W_PARAMS
#undef TINYFIT_W_LOAD
#undef TINYFIT_B_T
#undef TINYFIT_W_ACC_INIT
#undef TINYFIT_W_ACC_DONE
