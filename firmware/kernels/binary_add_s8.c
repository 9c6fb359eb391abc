/*
 * Int8 element-wise ADD/SUB (binary_add_s8.h), the portable kernel, bit-exact with src/reference/int8/add.ts.
 * Why this shape: the residual ADDs of ResNets run over every activation element, so the per-element work is
 * kept small (issue 13). Per call, the constants are prepared once; the operands are walked in runs that
 * need no broadcast index logic (both operands full-size, or the longest stretch before either wraps), and a
 * scalar operand is requantized once. In the default (double) rounding, with multipliers >= 0 and shifts <= 0
 * (what TFLite's ADD produces: its input multipliers are below one), an input's requantization
 * SaturatingRoundingDoublingHighMul((q - zp) * 2^20, M) is computed in 32-bit arithmetic: it equals
 * floor(d * M / 2^11 + 1/2) for d = q - zp, |d| <= 255, and with M = Mh * 2^11 + Ml (0 <= Ml < 2^11) that is
 * d * Mh + ((d * Ml + 2^10) >> 11), every term below 2^29 (no 64-bit product: a library call on Cortex-M0).
 * Other roundings and parameters take the general loop (tinyfit_requant for every step).
 */
#include "binary_add_s8.h"
#include "fixedpoint_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_binary_add_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* The per-call constants of the output step. */
typedef struct {
    int32_t zp, mult, min, max;
    int shift;
} tinyfit_binary_add_s8_out_t;

/* out = clamp(requant(ua + ub) + zp): ub already negated for SUB. */
static inline int8_t tinyfit_binary_add_s8_finish(int32_t ua, int32_t ub, const tinyfit_binary_add_s8_out_t *o)
{
    const int32_t y = tinyfit_binary_add_s8_wrap_add(tinyfit_requant(tinyfit_binary_add_s8_wrap_add(ua, ub), o->mult, o->shift), o->zp);
    return (int8_t)tinyfit_clamp_s32(y, o->min, o->max);
}

/* The general loop: any rounding, multiplier and shift; element i reads a[i % na] and b[i % nb]. */
static void tinyfit_binary_add_s8_general(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n, int32_t a_zp, int32_t a_mult, int a_shift,
                                   int32_t b_zp, int32_t b_mult, int b_shift, int is_sub, const tinyfit_binary_add_s8_out_t *o)
{
    int i, ia = 0, ib = 0;
    for (i = 0; i < n; ++i) {
        /* |q - zp| <= 255, so the 2^20 scaling stays below 2^28. */
        const int32_t ua = tinyfit_requant(((int32_t)a[ia] - a_zp) * ((int32_t)1 << 20), a_mult, a_shift);
        const int32_t ub = tinyfit_requant(((int32_t)b[ib] - b_zp) * ((int32_t)1 << 20), b_mult, b_shift);
        out[i] = tinyfit_binary_add_s8_finish(ua, is_sub ? (int32_t)(0u - (uint32_t)ub) : ub, o);
        if (++ia == na) ia = 0;
        if (++ib == nb) ib = 0;
    }
}

#if !(defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING) && !(defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING)
/* One input's requantization constants (double rounding, multiplier >= 0, shift <= 0); sign -1 negates (SUB). */
typedef struct {
    int32_t zp, mh, ml, sign;
    int right;
} tinyfit_binary_add_s8_in_t;

static inline tinyfit_binary_add_s8_in_t tinyfit_binary_add_s8_in(int32_t zp, int32_t mult, int shift, int32_t sign)
{
    tinyfit_binary_add_s8_in_t k;
    k.zp = zp;
    k.mh = mult >> 11;
    k.ml = mult & 2047;
    k.right = -shift;
    k.sign = sign;
    return k;
}

/* requant((q - zp) * 2^20, M, shift), exactly, in 32-bit arithmetic (see the header comment); negated for SUB. */
static inline int32_t tinyfit_binary_add_s8_input(int32_t q, const tinyfit_binary_add_s8_in_t *k)
{
    const int32_t d = q - k->zp;
    const int32_t high = d * k->mh + ((d * k->ml + 1024) >> 11);
    return k->sign * tinyfit_rdbpot(high, k->right);
}

/* n elements, a and b advancing together (no wrap inside). */
static void tinyfit_binary_add_s8_run(const int8_t *a, const int8_t *b, int8_t *out, int n, const tinyfit_binary_add_s8_in_t *ka,
                               const tinyfit_binary_add_s8_in_t *kb, const tinyfit_binary_add_s8_out_t *o)
{
    int i;
    for (i = 0; i < n; ++i) out[i] = tinyfit_binary_add_s8_finish(tinyfit_binary_add_s8_input(a[i], ka), tinyfit_binary_add_s8_input(b[i], kb), o);
}

/* n elements of x against one already requantized value u of the other operand. */
static void tinyfit_binary_add_s8_scalar(const int8_t *x, int32_t u, int8_t *out, int n, const tinyfit_binary_add_s8_in_t *kx, const tinyfit_binary_add_s8_out_t *o)
{
    int i;
    for (i = 0; i < n; ++i) out[i] = tinyfit_binary_add_s8_finish(tinyfit_binary_add_s8_input(x[i], kx), u, o);
}
#endif

void tinyfit_binary_add_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t a_mult, int a_shift, int32_t b_zp, int32_t b_mult, int b_shift,
                    int32_t out_zp, int32_t out_mult, int out_shift, int is_sub, int32_t act_min, int32_t act_max)
{
    tinyfit_binary_add_s8_out_t o;
    o.zp = out_zp;
    o.mult = out_mult;
    o.shift = out_shift;
    o.min = act_min;
    o.max = act_max;
#if !(defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING) && !(defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING)
    /* Int8 zero points keep |q - zp| <= 255 (the bound the header comment relies on). */
    if (a_mult >= 0 && b_mult >= 0 && a_shift <= 0 && b_shift <= 0 && a_shift >= -31 && b_shift >= -31 && a_zp >= -128 && a_zp <= 127 &&
        b_zp >= -128 && b_zp <= 127) {
        const tinyfit_binary_add_s8_in_t ka = tinyfit_binary_add_s8_in(a_zp, a_mult, a_shift, 1);
        const tinyfit_binary_add_s8_in_t kb = tinyfit_binary_add_s8_in(b_zp, b_mult, b_shift, is_sub ? -1 : 1);
        int i = 0, ia = 0, ib = 0;
        if (na == 1 && nb == n) {
            tinyfit_binary_add_s8_scalar(b, tinyfit_binary_add_s8_input(a[0], &ka), out, n, &kb, &o);
            return;
        }
        if (nb == 1 && na == n) {
            tinyfit_binary_add_s8_scalar(a, tinyfit_binary_add_s8_input(b[0], &kb), out, n, &ka, &o);
            return;
        }
        /* Runs to the next wrap of either operand (element i reads a[i % na], b[i % nb]). */
        while (i < n) {
            int len = n - i;
            if (na - ia < len) len = na - ia;
            if (nb - ib < len) len = nb - ib;
            tinyfit_binary_add_s8_run(a + ia, b + ib, out + i, len, &ka, &kb, &o);
            i += len;
            ia += len;
            ib += len;
            if (ia == na) ia = 0;
            if (ib == nb) ib = 0;
        }
        return;
    }
#endif
    tinyfit_binary_add_s8_general(a, na, b, nb, out, n, a_zp, a_mult, a_shift, b_zp, b_mult, b_shift, is_sub, &o);
}
