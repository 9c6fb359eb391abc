/*
 * In-place int8 depthwise convolution for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (depthwise_conv2d_inplace_s8.h; `temp` holds out_h·out_w bytes). One channel at a time, as the portable kernel:
 * the channel's outputs go to `temp` and are scattered into its slots (eight per VSTRB.16 scatter store) once
 * the channel's input is no longer read, so other channels stay intact.
 *
 * Main scheme, a padded plane: the channel's input is gathered (VLDRB.U16 with a vector of offsets) into a
 * plane on the stack that covers every window, taps outside the input set to the input zero point, whose share
 * is folded into the bias once per channel (Σ (in − zp)·w = Σ in·w − zp·Σ w; padding adds zp·w − zp·w = 0). Four
 * horizontally adjacent outputs are computed together in int32 lanes: each tap's four inputs (stride_w apart)
 * from one gather load times the tap's weight, a scalar (VMLA.S32 by a general register), a 3x3 window unrolled
 * with its weights in registers; the four are requantized together (requant_mve_s8.h). The plane holds at most
 * TINYFIT_MVE_DW_PLANE_MAX bytes (code generation prepends the model's largest, src/codegen/kernelConfig.ts).
 *
 * Fallback when the plane does not fit or the zero point is outside int8: the same four-output gathers read
 * the channel in place for windows inside the input, and outputs near the border take the portable loop.
 * All sums are modulo 2^32 like the portable int32 sum.
 */
#include "depthwise_conv2d_inplace_s8.h"
#include "fixedpoint_s8.h"
#include "requant_mve_s8.h"
#include "window.h"

#ifndef TINYFIT_MVE_DW_PLANE_MAX
#define TINYFIT_MVE_DW_PLANE_MAX 1024
#endif

/* The portable computation of one output (depthwise_conv2d_inplace_s8.c). */
static int8_t tinyfit_dwi_scalar(const int8_t *buf, int in_h, int in_w, int c, int ch, int32_t in_zp, const int8_t *w, uint32_t b,
                                 int k_h, int k_w, int dil_h, int dil_w, int iy0, int ix0, int32_t out_zp, int32_t mult, int shift,
                                 int32_t act_min, int32_t act_max)
{
    uint32_t acc = b;
    int32_t y;
    int ky_lo, ky_hi, kx_lo, kx_hi, ky, kx;
    tinyfit_window_taps(iy0, k_h, dil_h, in_h, &ky_lo, &ky_hi);
    tinyfit_window_taps(ix0, k_w, dil_w, in_w, &kx_lo, &kx_hi);
    if (kx_hi > kx_lo) {
        for (ky = ky_lo; ky < ky_hi; ++ky) {
            const int8_t *in_row = buf + ((iy0 + ky * dil_h) * in_w + ix0) * c + ch;
            const int8_t *w_row = w + ky * k_w * c + ch;
            for (kx = kx_lo; kx < kx_hi; ++kx) acc += (uint32_t)(((int32_t)in_row[kx * dil_w * c] - in_zp) * (int32_t)w_row[kx * c]);
        }
    }
    y = tinyfit_requant((int32_t)acc, mult, shift);
    y = (int32_t)((uint32_t)y + (uint32_t)out_zp);
    return (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
}

/* Scatters temp[0..n_out) into buf[p·c + ch] (channel ch of the first n_out pixels), eight per store. */
static inline void tinyfit_dwi_scatter(int8_t *buf, int c, int ch, const int8_t *temp, int n_out)
{
    const uint16x8_t scatter = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)c);
    int p;
    for (p = 0; p < n_out; p += 8) {
        const mve_pred16_t pr = vctp16q((uint32_t)(n_out - p));
        vstrbq_scatter_offset_p_s16(buf + p * c + ch, scatter, vldrbq_z_s16(temp + p, pr), pr);
    }
}

/* Channel by channel reading in place (the fallback, see the top). */
static void tinyfit_dwi_by_channel(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp, const int8_t *w, const int32_t *bias,
                                   int k_h, int k_w, int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left,
                                   int out_h, int out_w, int8_t *temp, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                                   int32_t act_min, int32_t act_max)
{
    const int n_out = out_h * out_w;
    const int span_w = (k_w - 1) * dil_w;
    const int in_row_step = dil_h * in_w * c;
    const int in_col_step = dil_w * c;
    /* Outputs whose window is inside the input horizontally: ox in [ox_lo, ox_hi). */
    const int ox_lo = (pad_left + stride_w - 1) / stride_w;
    int ox_hi = in_w - 1 - span_w + pad_left >= 0 ? (in_w - 1 - span_w + pad_left) / stride_w + 1 : 0;
    const uint32x4_t lanes = vidupq_n_u32(0, 1);
    const uint32x4_t offs = vmulq_n_u32(lanes, (uint32_t)(stride_w * c));
    int ch, oy, ox, t;
    if (ox_hi > out_w) ox_hi = out_w;

    for (ch = 0; ch < c; ++ch) {
        const uint32_t b = bias ? (uint32_t)bias[ch] : 0u;
        const int32_t mult = out_mult[ch];
        const int shift = out_shift[ch];
        const int32x4_t vmult = vdupq_n_s32(mult), vshift = vdupq_n_s32(shift);
        uint32_t wsum = 0;
        int32_t b_full;
        for (t = 0; t < k_h * k_w; ++t) wsum += (uint32_t)w[t * c + ch];
        b_full = (int32_t)(b - (uint32_t)in_zp * wsum);
        for (oy = 0; oy < out_h; ++oy) {
            const int iy0 = oy * stride_h - pad_top;
            int8_t *trow = temp + oy * out_w;
            const int row_in = iy0 >= 0 && iy0 + (k_h - 1) * dil_h < in_h;
            const int v_lo = row_in ? ox_lo : out_w, v_hi = row_in ? ox_hi : out_w;
            for (ox = 0; ox < out_w; ++ox) {
                if (ox == v_lo && v_lo < v_hi) {
                    /* Four outputs at a time over [v_lo, v_hi). */
                    for (; ox < v_hi; ox += 4) {
                        const mve_pred16_t pr = vctp32q((uint32_t)(v_hi - ox));
                        const int8_t *x0 = buf + (iy0 * in_w + ox * stride_w - pad_left) * c + ch;
                        const int8_t *wc = w + ch;
                        int32x4_t acc = vdupq_n_s32(b_full);
                        int ky, kx;
                        for (ky = 0; ky < k_h; ++ky) {
                            const int8_t *xr = x0 + ky * in_row_step;
                            for (kx = 0; kx < k_w; ++kx) {
                                acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(xr + kx * in_col_step, offs, pr), (int32_t)*wc);
                                wc += c;
                            }
                        }
                        vstrbq_p_s32(trow + ox, tinyfit_mve_finish(tinyfit_mve_requant(acc, vmult, vshift), out_zp, act_min, act_max), pr);
                    }
                    ox = v_hi;
                    if (ox >= out_w) break;
                }
                trow[ox] = tinyfit_dwi_scalar(buf, in_h, in_w, c, ch, in_zp, w, b, k_h, k_w, dil_h, dil_w, iy0, ox * stride_w - pad_left, out_zp,
                                              mult, shift, act_min, act_max);
            }
        }
        tinyfit_dwi_scatter(buf, c, ch, temp, n_out); /* input channel ch is dead */
    }
}

/* Channel ch of the input into plane[ph][pw] (plane row r = input row r − pad_top, column q = q − pad_left), zp outside. */
static inline void tinyfit_dwi_plane(int8_t *plane, int ph, int pw, const int8_t *buf, int in_h, int in_w, int c, int ch, int pad_top,
                                     int pad_left, int8_t zp, uint16x8_t offs)
{
    const int q_lo = pad_left > 0 ? pad_left : 0;
    const int q_hi = in_w + pad_left < pw ? in_w + pad_left : pw;
    const int8x16_t z = vdupq_n_s8(zp);
    int i, r, q;
    for (i = 0; i < ph * pw; i += 16) vstrbq_p_s8(plane + i, z, vctp8q((uint32_t)(ph * pw - i)));
    for (r = 0; r < ph; ++r) {
        const int iy = r - pad_top;
        if (iy < 0 || iy >= in_h) continue;
        for (q = q_lo; q < q_hi; q += 8) {
            const mve_pred16_t p = vctp16q((uint32_t)(q_hi - q));
            vstrbq_p_s16(plane + r * pw + q, vldrbq_gather_offset_z_s16(buf + (iy * in_w + q - pad_left) * c + ch, offs, p), p);
        }
    }
}

/* Sums kept per requantization pass of the byte-gather path (int32, on the stack). */
#define TINYFIT_DWI_SUMS 256

/* Requantizes sums[0..n) (+ zero point, clamp) into out[0..n), four per step; the constants stay in registers. */
static __attribute__((noinline)) void tinyfit_dwi_requant_run(const int32_t *sums, int n, int8_t *out, int32x4_t vmult, int32x4_t vshift, int32_t out_zp, int32x4_t lo,
                                                             int32x4_t hi)
{
    int i;
    for (i = 0; i < n; i += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(n - i));
        const int32x4_t y = tinyfit_mve_requant(vldrwq_z_s32(sums + i, p), vmult, vshift);
        vstrbq_p_s32(out + i, vminq_s32(vmaxq_s32(vaddq_n_s32(y, out_zp), lo), hi), p);
    }
}

/*
 * The channel's outputs from its padded plane when a window has at most 16 taps spanning at most 256 bytes of the
 * plane: each output is one byte gather of its whole window (VLDRB.S8 with a vector of u8 offsets, lane t = tap t,
 * lanes past the taps read the window's first byte) and one VMLADAVA.S8 against the taps' weights (0 past them)
 * started from the folded bias: 2 instructions per output instead of 9 gathers and 9 VMLAs per four. The sums of
 * whole rows (up to TINYFIT_DWI_SUMS) go to the stack and are requantized together, four per step.
 */
static __attribute__((noinline)) void tinyfit_dwi_plane_dot(const int8_t *plane, int pw, int stride_h, int stride_w, int out_h, int out_w, uint8x16_t toffs,
                                                           int8x16_t wv, int32_t b, int8_t *temp, int32x4_t vmult, int32x4_t vshift, int32_t out_zp, int32x4_t lo,
                                                           int32x4_t hi)
{
    const int rows = TINYFIT_DWI_SUMS / out_w;
    int32_t sums[TINYFIT_DWI_SUMS];
    int oy, ox, r;
    for (oy = 0; oy < out_h; oy += rows) {
        const int nr = out_h - oy < rows ? out_h - oy : rows;
        int32_t *s = sums;
        for (r = 0; r < nr; ++r) {
            const int8_t *x = plane + (oy + r) * stride_h * pw;
            for (ox = 0; ox < out_w; ++ox, x += stride_w) *s++ = vmladavaq_s8(b, vldrbq_gather_offset_s8(x, toffs), wv);
        }
        tinyfit_dwi_requant_run(sums, nr * out_w, temp + oy * out_w, vmult, vshift, out_zp, lo, hi);
    }
}

void tinyfit_depthwise_conv2d_inplace_s8(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp,
                                         const int8_t *w, const int32_t *bias,
                                         int k_h, int k_w, int stride_h, int stride_w,
                                         int dil_h, int dil_w, int pad_top, int pad_left,
                                         int out_h, int out_w, int8_t *temp, int32_t out_zp,
                                         const int32_t *out_mult, const int8_t *out_shift,
                                         int32_t act_min, int32_t act_max)
{
    const int n_out = out_h * out_w;
    const int ph = (out_h - 1) * stride_h + (k_h - 1) * dil_h + 1;
    const int pw = (out_w - 1) * stride_w + (k_w - 1) * dil_w + 1;
    const uint16x8_t offs16 = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)c);
    const uint32x4_t offs = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)stride_w);
    const int32x4_t lo = vdupq_n_s32(act_min), hi = vdupq_n_s32(act_max);
    const int three = k_h == 3 && k_w == 3;
    int8_t plane[TINYFIT_MVE_DW_PLANE_MAX];
    int ch, oy, ox, t;

    if (ph * pw > TINYFIT_MVE_DW_PLANE_MAX || in_zp < -128 || in_zp > 127) {
        tinyfit_dwi_by_channel(buf, in_h, in_w, c, in_zp, w, bias, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left,
                               out_h, out_w, temp, out_zp, out_mult, out_shift, act_min, act_max);
        return;
    }
    if (out_w <= TINYFIT_DWI_SUMS && k_h * k_w <= 16 && (k_h - 1) * dil_h * pw + (k_w - 1) * dil_w <= 255) {
        uint8_t to[16];
        int8_t wt[16];
        uint8x16_t toffs;
        for (t = 0; t < 16; ++t) to[t] = t < k_h * k_w ? (uint8_t)((t / k_w) * dil_h * pw + (t % k_w) * dil_w) : 0u;
        toffs = vldrbq_u8(to);
        for (t = 0; t < 16; ++t) wt[t] = 0;
        for (ch = 0; ch < c; ++ch) {
            int8x16_t wv;
            for (t = 0; t < k_h * k_w; ++t) wt[t] = w[t * c + ch];
            wv = vldrbq_s8(wt);
            tinyfit_dwi_plane(plane, ph, pw, buf, in_h, in_w, c, ch, pad_top, pad_left, (int8_t)in_zp, offs16);
            tinyfit_dwi_plane_dot(plane, pw, stride_h, stride_w, out_h, out_w, toffs, wv,
                                  (int32_t)((bias ? (uint32_t)bias[ch] : 0u) - (uint32_t)in_zp * (uint32_t)vaddvq_s8(wv)), temp,
                                  vdupq_n_s32(out_mult[ch]), vdupq_n_s32(out_shift[ch]), out_zp, lo, hi);
            tinyfit_dwi_scatter(buf, c, ch, temp, n_out); /* input channel ch is dead */
        }
        return;
    }
    for (ch = 0; ch < c; ++ch) {
        const int32x4_t vmult = vdupq_n_s32(out_mult[ch]), vshift = vdupq_n_s32(out_shift[ch]);
        uint32_t wsum = 0;
        int32_t b;
        const int32_t k0 = three ? w[ch] : 0, k1 = three ? w[c + ch] : 0, k2 = three ? w[2 * c + ch] : 0, k3 = three ? w[3 * c + ch] : 0,
                      k4 = three ? w[4 * c + ch] : 0, k5 = three ? w[5 * c + ch] : 0,
                      k6 = three ? w[6 * c + ch] : 0, k7 = three ? w[7 * c + ch] : 0, k8 = three ? w[8 * c + ch] : 0;
        for (t = 0; t < k_h * k_w; ++t) wsum += (uint32_t)w[t * c + ch];
        b = (int32_t)((bias ? (uint32_t)bias[ch] : 0u) - (uint32_t)in_zp * wsum);
        tinyfit_dwi_plane(plane, ph, pw, buf, in_h, in_w, c, ch, pad_top, pad_left, (int8_t)in_zp, offs16);
        for (oy = 0; oy < out_h; ++oy) {
            const int8_t *row = plane + oy * stride_h * pw;
            int8_t *trow = temp + oy * out_w;
            for (ox = 0; ox < out_w; ox += 4) {
                const mve_pred16_t pr = vctp32q((uint32_t)(out_w - ox));
                const int8_t *x = row + ox * stride_w;
                int32x4_t acc = vdupq_n_s32(b);
                if (three) {
                    const int r1 = dil_h * pw, d = dil_w;
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x, offs, pr), k0);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + d, offs, pr), k1);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + 2 * d, offs, pr), k2);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + r1, offs, pr), k3);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + r1 + d, offs, pr), k4);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + r1 + 2 * d, offs, pr), k5);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + 2 * r1, offs, pr), k6);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + 2 * r1 + d, offs, pr), k7);
                    acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + 2 * r1 + 2 * d, offs, pr), k8);
                } else {
                    int ky, kx;
                    for (ky = 0; ky < k_h; ++ky)
                        for (kx = 0; kx < k_w; ++kx)
                            acc = vmlaq_n_s32(acc, vldrbq_gather_offset_z_s32(x + ky * dil_h * pw + kx * dil_w, offs, pr), w[(ky * k_w + kx) * c + ch]);
                }
                vstrbq_p_s32(trow + ox, vminq_s32(vmaxq_s32(vaddq_n_s32(tinyfit_mve_requant(acc, vmult, vshift), out_zp), lo), hi), pr);
            }
        }
        tinyfit_dwi_scatter(buf, c, ch, temp, n_out); /* input channel ch is dead */
    }
}
