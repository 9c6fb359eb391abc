#include "conv2d_preact_f32.h"
#include "window.h"

/* Weight storage hooks. The storage variants (<op>_f16w_f32.c: half weights, <op>_i8w_f32.c: int8
 * weights with a float scale per output channel) define these macros, then #include this file, so
 * the loops exist once; the defaults give the plain float kernel. TINYFIT_W_ACC_INIT(bias, o)
 * starts output channel o's sum (TINYFIT_B_T: the bias element type); TINYFIT_W_ACC_DONE(acc, bias, o) turns the finished sum into the
 * value that is clamped (the int8 variant starts from 0, then scales and adds the bias there).
 * All are #undef'd at the end of the file. */
#ifndef TINYFIT_W_FN
#define TINYFIT_W_FN tinyfit_conv2d_preact_f32
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
#ifndef TINYFIT_P_T
#define TINYFIT_P_T float
#endif
#ifndef TINYFIT_P_LOAD
#define TINYFIT_P_LOAD(p, i) ((p)[i])
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

/* Input channels pre-activated at once (stack floats): each is transformed once per tap instead
 * of once per output channel. */
#define TINYFIT_CONV2D_PREACT_F32_CHUNK 16

void TINYFIT_W_FN(const float *in, int in_h, int in_w, int in_c, int in_stride,
                  const TINYFIT_P_T *pre_scale, const TINYFIT_P_T *pre_shift,
                  float pre_min, float pre_max,
                  TINYFIT_W_PARAMS, const TINYFIT_B_T *bias, int out_c,
                  int k_h, int k_w, int stride_h, int stride_w,
                  int dil_h, int dil_w, int pad_top, int pad_left,
                  float *out, int out_h, int out_w, int out_stride,
                  float act_min, float act_max, int reverse)
{
    float v[TINYFIT_CONV2D_PREACT_F32_CHUNK];
    const int w_oc_stride = k_h * k_w * in_c;
    const int in_col_step = dil_w * in_stride;
    int ry, rx, oc, ky, kx, ic0, j;

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
            int kx_lo, kx_hi;
            tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);

            /* out_px holds each output channel's running sum. The float sequence per output is
             * the one of tinyfit_conv2d_f32: bias, then taps (row, column, channel). The sums live
             * only in this pixel's own slot and are complete before the next pixel starts, so the
             * visiting order (reverse) cannot change them; the slot is written before the window
             * is read, which the pixel-granular overlap distances already allow for. */
            for (oc = 0; oc < out_c; ++oc) out_px[oc] = TINYFIT_W_ACC_INIT(bias, oc);
            if (kx_lo < kx_hi) {
                for (ky = ky_lo; ky < ky_hi; ++ky) {
                    /* First in-bounds tap of the row (never form a pointer before `in`). */
                    const float *in_row =
                        in + ((iy0 + ky * dil_h) * in_w + ix0 + kx_lo * dil_w) * in_stride;
                    for (kx = kx_lo; kx < kx_hi; ++kx) {
                        const float *in_px = in_row + (kx - kx_lo) * in_col_step;
                        const TINYFIT_W_T *w_tap = w + (ky * k_w + kx) * in_c;
                        for (ic0 = 0; ic0 < in_c; ic0 += TINYFIT_CONV2D_PREACT_F32_CHUNK) {
                            const int n = in_c - ic0 < TINYFIT_CONV2D_PREACT_F32_CHUNK
                                              ? in_c - ic0 : TINYFIT_CONV2D_PREACT_F32_CHUNK;
                            for (j = 0; j < n; ++j) {
                                const float y = in_px[ic0 + j] * TINYFIT_P_LOAD(pre_scale, ic0 + j) + TINYFIT_P_LOAD(pre_shift, ic0 + j);
                                v[j] = y < pre_min ? pre_min : (y > pre_max ? pre_max : y);
                            }
                            for (oc = 0; oc < out_c; ++oc) {
                                const TINYFIT_W_T *w_px = w_tap + oc * w_oc_stride + ic0;
                                float acc = out_px[oc];
                                for (j = 0; j < n; ++j) acc += v[j] * TINYFIT_W_LOAD(w_px, j);
                                out_px[oc] = acc;
                            }
                        }
                    }
                }
            }
            for (oc = 0; oc < out_c; ++oc) {
                const float acc = TINYFIT_W_ACC_DONE(out_px[oc], bias, oc);
                out_px[oc] = acc < act_min ? act_min : (acc > act_max ? act_max : acc);
            }
        }
    }
}

#undef TINYFIT_W_FN
#undef TINYFIT_W_T
#undef TINYFIT_W_PARAMS
#undef TINYFIT_W_LOAD
#undef TINYFIT_B_T
#undef TINYFIT_P_T
#undef TINYFIT_P_LOAD
#undef TINYFIT_W_ACC_INIT
#undef TINYFIT_W_ACC_DONE
