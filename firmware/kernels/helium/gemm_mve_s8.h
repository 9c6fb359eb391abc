#ifndef TINYFIT_GEMM_MVE_S8_H
#define TINYFIT_GEMM_MVE_S8_H

/*
 * Convolution as a matrix product for the Helium (MVE) conv2d variant (conv2d_s8.c): an output pixel's window is
 * copied into one contiguous run (im2col, the weights' [k_h][k_w][in_c] order) with the taps outside the input
 * filled with the input zero point, so that every pixel is a whole window: Σ (x − zp)·w over the window equals
 * Σ x·w − zp·Σ w with padding contributing zp·w − zp·w = 0. The −zp·Σ w of each output channel is folded into its
 * bias once per call (tinyfit_gemm_bias). The products are VMLADAVA.S8 (sixteen products into a 32-bit scalar,
 * modulo 2^32 like the portable int32 sum), four output channels per input load, whole 16-byte steps
 * unpredicated with post-incremented pointers and one VCTP.8-predicated tail (Arm ACLE, MVE intrinsics).
 *
 * Sizes (code generation prepends the model's own, src/codegen/kernelConfig.ts): TINYFIT_MVE_COL_MAX, the
 * largest window k_h·k_w·in_c copied (bytes, on the stack); TINYFIT_MVE_OC_MAX, the most output channels whose
 * folded biases are kept (int32, on the stack).
 */
#include <stdint.h>
#include <arm_mve.h>
#include "requant_mve_s8.h"

#ifndef TINYFIT_MVE_COL_MAX
#define TINYFIT_MVE_COL_MAX 1024
#endif
#ifndef TINYFIT_MVE_OC_MAX
#define TINYFIT_MVE_OC_MAX 256
#endif

/* Σ w over n bytes (modulo 2^32). */
static inline int32_t tinyfit_gemm_wsum(const int8_t *w, int n)
{
    int32_t s = 0;
    int i;
    for (i = 0; i < n; i += 16) s = vaddvaq_s8(s, vldrbq_z_s8(w + i, vctp8q((uint32_t)(n - i))));
    return s;
}

/* be[o] = bias[o] − zp·Σ_k w[o·K + k] (modulo 2^32) for o in [0, n). */
static inline void tinyfit_gemm_bias(const int8_t *w, int K, const int32_t *bias, int n, int32_t in_zp, int32_t *be)
{
    int o;
    for (o = 0; o < n; ++o) {
        const uint32_t s = in_zp != 0 ? (uint32_t)tinyfit_gemm_wsum(w + o * K, K) : 0u;
        be[o] = (int32_t)((bias ? (uint32_t)bias[o] : 0u) - (uint32_t)in_zp * s);
    }
}

/* n bytes from src to dst (predicated 16-byte steps). */
static inline void tinyfit_gemm_copy(int8_t *dst, const int8_t *src, int n)
{
    int i;
    for (i = 0; i < n; i += 16) {
        const mve_pred16_t p = vctp8q((uint32_t)(n - i));
        vstrbq_p_s8(dst + i, vldrbq_z_s8(src + i, p), p);
    }
}

/* n bytes of v at dst. */
static inline void tinyfit_gemm_fill(int8_t *dst, int8x16_t v, int n)
{
    int i;
    for (i = 0; i < n; i += 16) vstrbq_p_s8(dst + i, v, vctp8q((uint32_t)(n - i)));
}

/*
 * Four sums Σ_k x[k]·wj[k], j = 0..3, over K bytes as one vector (lane j), modulo 2^32: whole 16-byte steps,
 * then a predicated tail (inactive lanes load 0).
 */
static inline __attribute__((always_inline)) int32x4_t tinyfit_gemm_dot4(const int8_t *x, int K, const int8_t *w0, const int8_t *w1,
                                                                         const int8_t *w2, const int8_t *w3)
{
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int n = K >> 4;
    const int tail = K & 15;
    for (; n > 0; --n) {
        const int8x16_t xv = vldrbq_s8(x);
        a0 = vmladavaq_s8(a0, xv, vldrbq_s8(w0));
        a1 = vmladavaq_s8(a1, xv, vldrbq_s8(w1));
        a2 = vmladavaq_s8(a2, xv, vldrbq_s8(w2));
        a3 = vmladavaq_s8(a3, xv, vldrbq_s8(w3));
        x += 16;
        w0 += 16;
        w1 += 16;
        w2 += 16;
        w3 += 16;
    }
    if (tail) {
        const mve_pred16_t p = vctp8q((uint32_t)tail);
        const int8x16_t xv = vldrbq_z_s8(x, p);
        a0 = vmladavaq_p_s8(a0, xv, vldrbq_z_s8(w0, p), p);
        a1 = vmladavaq_p_s8(a1, xv, vldrbq_z_s8(w1, p), p);
        a2 = vmladavaq_p_s8(a2, xv, vldrbq_z_s8(w2, p), p);
        a3 = vmladavaq_p_s8(a3, xv, vldrbq_z_s8(w3, p), p);
    }
    return vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
}

/* Requantizes four accumulators (channels o..o+3), + zero point, clamp, stores the n (1..4) lanes' bytes at out. */
static inline __attribute__((always_inline)) void tinyfit_gemm_store(int8_t *out, int32x4_t acc, const int32_t *out_mult, const int8_t *out_shift,
                                                                     int o, mve_pred16_t p, int32_t out_zp, int32x4_t lo, int32x4_t hi)
{
    const int32x4_t y = tinyfit_mve_requant(acc, vldrwq_z_s32(out_mult + o, p), vldrbq_z_s32(out_shift + o, p));
    vstrbq_p_s32(out, vminq_s32(vmaxq_s32(vaddq_n_s32(y, out_zp), lo), hi), p);
}

/*
 * One output pixel: out[o] = clamp(requant(be[o] + Σ_k x[k]·w[o·K + k]) + out_zp) for o in [0, n_out), be = the
 * folded biases (tinyfit_gemm_bias); four channels at a time, whole groups unpredicated.
 */
static inline void tinyfit_gemm_pixel(const int8_t *x, int K, const int8_t *w, int n_out, const int32_t *be, int8_t *out,
                                      const int32_t *out_mult, const int8_t *out_shift, int32_t out_zp, int32_t act_min, int32_t act_max)
{
    const int32x4_t lo = vdupq_n_s32(act_min), hi = vdupq_n_s32(act_max);
    const mve_pred16_t all = vctp32q(4u);
    int o = 0;
    for (; o + 4 <= n_out; o += 4) {
        const int8_t *w0 = w + o * K;
        const int32x4_t acc = vaddq_s32(tinyfit_gemm_dot4(x, K, w0, w0 + K, w0 + 2 * K, w0 + 3 * K), vldrwq_s32(be + o));
        tinyfit_gemm_store(out + o, acc, out_mult, out_shift, o, all, out_zp, lo, hi);
    }
    if (o < n_out) {
        /* The last one to three channels; lanes past the end reuse the last channel's weights and are not stored. */
        const int n_o = n_out - o;
        const mve_pred16_t p = vctp32q((uint32_t)n_o);
        const int8_t *w0 = w + o * K;
        const int8_t *w1 = w0 + (n_o > 1 ? K : 0);
        const int8_t *w2 = w0 + (n_o > 2 ? 2 * K : 0);
        const int32x4_t acc = vaddq_s32(tinyfit_gemm_dot4(x, K, w0, w1, w2, w2), vldrwq_z_s32(be + o, p));
        tinyfit_gemm_store(out + o, acc, out_mult, out_shift, o, p, out_zp, lo, hi);
    }
}

/* The state the asm block of tinyfit_gemm_sums walks through (offsets used in the asm: keep the order). */
struct tinyfit_gemm_mve_state {
    const int8_t *x;   /* 0: the window */
    int32_t k;         /* 4: window length K */
    int32_t steps;     /* 8: whole 16-byte steps, K / 16 */
    int32_t tail;      /* 12: K % 16 */
    int32_t groups;    /* 16: groups of four channels left */
    const int32_t *be; /* 20: next group's folded biases */
    const int8_t *w;   /* 24: the first group's weight rows */
    int32_t *sums;     /* 28: where the sums go */
};

/*
 * sums[o] = be[o] + Σ_k x[k]·w[o·K + k] for o in [0, 4·groups), modulo 2^32. With optimization the loop over
 * the groups and the loop over the window are one asm block: the group's four sums start from its biases (one
 * LDM into r0, r2, r4, r6, the even registers VMLADAVA needs), each 16-byte step is one input load, four weight
 * loads and four VMLADAVA.S8 in a low-overhead loop, a VCTP.8-predicated tail, and one STM stores the four sums.
 */
static inline void tinyfit_gemm_sums(const int8_t *x, int K, const int8_t *w, int groups, const int32_t *be, int32_t *sums)
{
#if defined(__OPTIMIZE__)
    struct tinyfit_gemm_mve_state st;
    struct tinyfit_gemm_mve_state *ctx = &st;
    if (groups <= 0) return;
    st.x = x;
    st.k = K;
    st.steps = K >> 4;
    st.tail = K & 15;
    st.groups = groups;
    st.be = be;
    st.w = w;
    st.sums = sums;
    __asm__ volatile(
        "ldrd r10, r11, [%[ctx], #24]\n\t"
        "2:\n\t"
        "ldr r7, [%[ctx], #20]\n\t"
        "ldm r7!, {r0, r2, r4, r6}\n\t"
        "str r7, [%[ctx], #20]\n\t"
        "ldr r7, [%[ctx], #4]\n\t"
        "mov r3, r10\n\t"
        "add r5, r3, r7\n\t"
        "add r8, r5, r7\n\t"
        "add r9, r8, r7\n\t"
        "add r10, r9, r7\n\t"
        "ldrd r1, r7, [%[ctx]]\n\t"
        "ldr r7, [%[ctx], #8]\n\t"
        "wls lr, r7, 3f\n\t"
        "1:\n\t"
        "vldrb.8 q0, [r1], #16\n\t"
        "vldrb.8 q1, [r3], #16\n\t"
        "vmladava.s8 r0, q0, q1\n\t"
        "vldrb.8 q2, [r5], #16\n\t"
        "vmladava.s8 r2, q0, q2\n\t"
        "vldrb.8 q3, [r8], #16\n\t"
        "vmladava.s8 r4, q0, q3\n\t"
        "vldrb.8 q1, [r9], #16\n\t"
        "vmladava.s8 r6, q0, q1\n\t"
        "le lr, 1b\n\t"
        "3:\n\t"
        "ldr r7, [%[ctx], #12]\n\t"
        "cbz r7, 4f\n\t"
        "vctp.8 r7\n\t"
        "vpstttt\n\t"
        "vldrbt.8 q0, [r1]\n\t"
        "vldrbt.8 q1, [r3]\n\t"
        "vmladavat.s8 r0, q0, q1\n\t"
        "vldrbt.8 q2, [r5]\n\t"
        "vpsttt\n\t"
        "vmladavat.s8 r2, q0, q2\n\t"
        "vldrbt.8 q3, [r8]\n\t"
        "vmladavat.s8 r4, q0, q3\n\t"
        "vpstt\n\t"
        "vldrbt.8 q1, [r9]\n\t"
        "vmladavat.s8 r6, q0, q1\n\t"
        "4:\n\t"
        "stm r11!, {r0, r2, r4, r6}\n\t"
        "ldr r7, [%[ctx], #16]\n\t"
        "subs r7, r7, #1\n\t"
        "str r7, [%[ctx], #16]\n\t"
        "bne 2b"
        :
        : [ctx] "r"(ctx)
        : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "lr", "q0", "q1", "q2", "q3", "cc", "memory");
#else
    int g;
    for (g = 0; g < groups; ++g, w += 4 * K, be += 4, sums += 4) {
        const int32x4_t acc = vaddq_s32(tinyfit_gemm_dot4(x, K, w, w + K, w + 2 * K, w + 3 * K), vldrwq_s32(be));
        vst1q_s32(sums, acc);
    }
#endif
}

/* out[o] = clamp(requant(sums[o]) + out_zp) for o in [0, n), four per step (constants in registers). */
static __attribute__((noinline)) void tinyfit_gemm_requant_run(const int32_t *sums, int n, int8_t *out, const int32_t *out_mult,
                                                               const int8_t *out_shift, int32_t out_zp, int32_t act_min, int32_t act_max)
{
    const int32x4_t lo = vdupq_n_s32(act_min), hi = vdupq_n_s32(act_max);
    int o;
    for (o = 0; o < n; o += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(n - o));
        tinyfit_gemm_store(out + o, vldrwq_z_s32(sums + o, p), out_mult, out_shift, o, p, out_zp, lo, hi);
    }
}

/*
 * One output pixel as tinyfit_gemm_pixel, in two passes: all channels' sums (tinyfit_gemm_sums for whole groups
 * of four, needs K >= 16 in the asm), then one requantization run. The window is read before any output is
 * written.
 */
static inline void tinyfit_gemm_pixel2(const int8_t *x, int K, const int8_t *w, int n_out, const int32_t *be, int32_t *sums, int8_t *out,
                                       const int32_t *out_mult, const int8_t *out_shift, int32_t out_zp, int32_t act_min, int32_t act_max)
{
    const int g = n_out >> 2;
    int o = g * 4;
    tinyfit_gemm_sums(x, K, w, g, be, sums);
    if (o < n_out) {
        const int n_o = n_out - o;
        const int8_t *w0 = w + o * K;
        const int8_t *w1 = w0 + (n_o > 1 ? K : 0);
        const int8_t *w2 = w0 + (n_o > 2 ? 2 * K : 0);
        vstrwq_p_s32(sums + o, vaddq_s32(tinyfit_gemm_dot4(x, K, w0, w1, w2, w2), vldrwq_z_s32(be + o, vctp32q((uint32_t)n_o))),
                     vctp32q((uint32_t)n_o));
    }
    tinyfit_gemm_requant_run(sums, n_out, out, out_mult, out_shift, out_zp, act_min, act_max);
}

#endif /* TINYFIT_GEMM_MVE_S8_H */
