#include "conv2d_f32.h"
#include "window.h"

/* Weight storage hooks. The storage variants (<op>_f16w_f32.c: half weights, <op>_i8w_f32.c: int8
 * weights with a float scale per output channel) define these macros, then #include this file, so
 * the loops exist once; the defaults give the plain float kernel. TINYFIT_W_ACC_INIT(bias, o)
 * starts output channel o's sum (TINYFIT_B_T: the bias element type); TINYFIT_W_ACC_DONE(acc, bias, o) turns the finished sum into the
 * value that is clamped (the int8 variant starts from 0, then scales and adds the bias there).
 * All are #undef'd at the end of the file. */
#ifndef TINYFIT_W_FN
#define TINYFIT_W_FN tinyfit_conv2d_f32
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

void TINYFIT_W_FN(const float *in, int in_h, int in_w, int in_c, int in_stride,
                  TINYFIT_W_PARAMS, const TINYFIT_B_T *bias, int out_c,
                  int k_h, int k_w, int stride_h, int stride_w,
                  int dil_h, int dil_w, int pad_top, int pad_left,
                  float *out, int out_h, int out_w, int out_stride,
                  float act_min, float act_max, int reverse)
{
    const int w_oc_stride = k_h * k_w * in_c;
    const int w_row_step = k_w * in_c;
    const int in_row_step = dil_h * in_w * in_stride; /* input elements between kernel rows */
    const int in_col_step = dil_w * in_stride;        /* input elements between kernel columns */
    /* Contiguous pixels and no column dilation: the in-bounds taps of one kernel row are a single
     * run of n_kx*in_c elements in both input and weights (same order: column, then channel). */
    const int runs = dil_w == 1 && in_stride == in_c;
    int ry, rx, oc, ky, kx, ic;

    for (ry = 0; ry < out_h; ++ry) {
        /* reverse: decreasing raster order (write-ahead); the per-pixel work is unchanged. */
        const int oy = reverse ? out_h - 1 - ry : ry;
        const int iy0 = oy * stride_h - pad_top;
        int ky_lo, ky_hi;
        tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
        for (rx = 0; rx < out_w; ++rx) {
            const int ox = reverse ? out_w - 1 - rx : rx;
            const int ix0 = ox * stride_w - pad_left;
            float *out_px = out + (oy * out_w + ox) * out_stride;
            const float *in_tap0 = in;
            int kx_lo, kx_hi, n_ky, n_kx;
            int w_tap0 = 0;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
            /* Out-of-bounds taps contribute 0, so only the in-bounds rectangle is visited. */
            n_ky = ky_hi - ky_lo;
            n_kx = kx_hi - kx_lo;
            if (n_kx <= 0) n_ky = 0;
            if (n_ky > 0) {
                w_tap0 = ky_lo * w_row_step + kx_lo * in_c;
                in_tap0 = in + ((iy0 + ky_lo * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
            }
            for (oc = 0; oc < out_c; ++oc) {
                const TINYFIT_W_T *w_oc = w + oc * w_oc_stride + w_tap0;
                float acc = TINYFIT_W_ACC_INIT(bias, oc);
                float y;
                if (runs) {
                    const int run = n_kx * in_c;
                    for (ky = 0; ky < n_ky; ++ky) {
                        const float *in_run = in_tap0 + ky * in_row_step;
                        const TINYFIT_W_T *w_run = w_oc + ky * w_row_step;
                        for (ic = 0; ic < run; ++ic) acc += in_run[ic] * TINYFIT_W_LOAD(w_run, ic);
                    }
                } else {
                    for (ky = 0; ky < n_ky; ++ky) {
                        const float *in_row = in_tap0 + ky * in_row_step;
                        const TINYFIT_W_T *w_row = w_oc + ky * w_row_step;
                        for (kx = 0; kx < n_kx; ++kx) {
                            const float *in_px = in_row + kx * in_col_step;
                            const TINYFIT_W_T *w_px = w_row + kx * in_c;
                            for (ic = 0; ic < in_c; ++ic) acc += in_px[ic] * TINYFIT_W_LOAD(w_px, ic);
                        }
                    }
                }
                y = TINYFIT_W_ACC_DONE(acc, bias, oc);
                out_px[oc] = y < act_min ? act_min : (y > act_max ? act_max : y);
            }
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
