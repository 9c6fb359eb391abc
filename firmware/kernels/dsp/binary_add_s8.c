/*
 * Int8 element-wise ADD/SUB for cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33): the dsp variant of
 * binary_add_s8.c, same signature, bit-exact (tests/kernels/isa/binary_add_s8_check.c). Why: the residual ADDs
 * of ResNets run over every activation element (issue 13).
 *
 * In the default (double) rounding, with multipliers >= 0 and shifts <= 0 (what TFLite's ADD produces: all its
 * multipliers are below one), every step is a most-significant-word multiply with rounding, SMMULR(x, M) =
 * (x*M + 2^31) >> 32, and an add-and-shift:
 * - an input: SaturatingRoundingDoublingHighMul(d * 2^20, M) = (d*M*2^20 + 2^30) >> 31 = SMMULR(d * 2^21, M)
 *   for d = q - zp (|d| <= 255, so d * 2^21 fits);
 * - the output: the same with x = 2 * (u_a +/- u_b) (|u| < 2^28, so the doubled sum fits);
 * - RoundingDivideByPOT(x, e) (halves away from zero) = (2x + 2^e - (x < 0)) >> (e + 1) (every e >= 0, no
 *   overflow for |x| < 2^29).
 * Four elements of each operand are loaded as one word and sign-extended in pairs to int16 lanes (SXTB16 of the
 * word and of the word rotated by 8, the input zero point taken off both lanes by SSUB16, as dsp/dot_s8.h does);
 * a lane's d * 2^21 is then one shift. Four results are stored as one word. Broadcasting as in the portable
 * kernel: runs to the next wrap of either operand, a scalar operand requantized once. Other roundings and
 * parameters (shifts of -31 or above 0) take the general loop (tinyfit_requant for every step). Arm ACLE intrinsics (arm_acle.h); SMMULR has
 * no ACLE intrinsic and is written as inline assembly (GCC and Clang syntax).
 */
#include "binary_add_s8.h"
#include "fixedpoint_s8.h"
#include "dot_s8.h"

/* a + b modulo 2^32 (the TypeScript reference's `| 0`), without signed-overflow undefined behaviour. */
static inline int32_t tinyfit_binary_add_s8_wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* The general loop: any rounding, multiplier and shift; element i reads a[i % na] and b[i % nb]. */
static void tinyfit_binary_add_s8_general(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n, int32_t a_zp, int32_t a_mult,
                                   int a_shift, int32_t b_zp, int32_t b_mult, int b_shift, int32_t out_zp, int32_t out_mult, int out_shift,
                                   int is_sub, int32_t act_min, int32_t act_max)
{
    int i, ia = 0, ib = 0;
    for (i = 0; i < n; ++i) {
        const int32_t ua = tinyfit_requant(((int32_t)a[ia] - a_zp) * ((int32_t)1 << 20), a_mult, a_shift);
        const int32_t ub = tinyfit_requant(((int32_t)b[ib] - b_zp) * ((int32_t)1 << 20), b_mult, b_shift);
        const int32_t raw = tinyfit_binary_add_s8_wrap_add(ua, is_sub ? (int32_t)(0u - (uint32_t)ub) : ub);
        const int32_t y = tinyfit_binary_add_s8_wrap_add(tinyfit_requant(raw, out_mult, out_shift), out_zp);
        out[i] = (int8_t)tinyfit_clamp_s32(y, act_min, act_max);
        if (++ia == na) ia = 0;
        if (++ib == nb) ib = 0;
    }
}

#if !(defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING) && !(defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING)
/* (x * m + 2^31) >> 32: SMMULR. */
static inline int32_t tinyfit_binary_add_s8_smmulr(int32_t x, int32_t m)
{
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(x), "r"(m));
    return r;
}

/* One requantization step's constants: multiplier, e + 1 for e = -shift (<= 30), and 2^e. */
typedef struct {
    int32_t mult, half;
    int e1;
} tinyfit_binary_add_s8_step_t;

static inline tinyfit_binary_add_s8_step_t tinyfit_binary_add_s8_step(int32_t mult, int shift)
{
    tinyfit_binary_add_s8_step_t s;
    s.mult = mult;
    s.e1 = 1 - shift;
    s.half = (int32_t)((uint32_t)1 << -shift);
    return s;
}

/*
 * RoundingDivideByPOT(SRDHM(x / 2, M), e) for x = 2 * (the step's input), |x| < 2^30 (see the header comment):
 * with h = SMMULR(x, M), |h| < 2^29, it is RoundingDivideByPOT(2h, e + 1) = (2h + 2^e - (h < 0)) >> (e + 1),
 * the same quotient of the same rational, so e = 0 needs no case of its own; 2h + 2^e < 2^31.
 */
static inline int32_t tinyfit_binary_add_s8_apply(int32_t x, const tinyfit_binary_add_s8_step_t *s)
{
    const int32_t h = tinyfit_binary_add_s8_smmulr(x, s->mult);
    return (h * 2 + s->half + (h >> 31)) >> s->e1;
}

/* The per-call constants of the fast path. */
typedef struct {
    tinyfit_binary_add_s8_step_t a, b, o;
    int32_t a_zp, b_zp, out_zp, min, max;
    uint32_t a_zp2, b_zp2;
} tinyfit_binary_add_s8_k_t;

/* One output from the two inputs' requantized values; full: the clamp is the int8 range (SSAT). */
static inline __attribute__((always_inline)) int8_t tinyfit_binary_add_s8_out(int32_t ua, int32_t ub, int is_sub, int full, const tinyfit_binary_add_s8_k_t *k)
{
    const int32_t raw = is_sub ? ua - ub : ua + ub;
    const int32_t y = tinyfit_binary_add_s8_apply(raw * 2, &k->o) + k->out_zp;
    if (full) return (int8_t)__ssat(y, 8);
    return (int8_t)(y < k->min ? k->min : (y > k->max ? k->max : y));
}

/* An input's requantized value for one element (d * 2^21 = (q - zp) << 21). */
static inline int32_t tinyfit_binary_add_s8_in1(int32_t q, int32_t zp, const tinyfit_binary_add_s8_step_t *s)
{
    return tinyfit_binary_add_s8_apply((q - zp) * ((int32_t)1 << 21), s);
}

/* Lane 0 (bits 0-15) and lane 1 (bits 16-31) of a word of int16 lanes, times 2^21. */
static inline int32_t tinyfit_binary_add_s8_lo21(uint32_t v)
{
    return (int32_t)(v << 21); /* |d| <= 255 fits the lane's low 11 bits: the shift keeps its sign */
}
static inline int32_t tinyfit_binary_add_s8_hi21(uint32_t v)
{
    return (int32_t)(v & 0xFFFF0000u) * 32;
}

/* One output from both operands' d * 2^21. */
static inline __attribute__((always_inline)) int8_t tinyfit_binary_add_s8_pair(int32_t a21, int32_t b21, int is_sub, int full, const tinyfit_binary_add_s8_k_t *k)
{
    return tinyfit_binary_add_s8_out(tinyfit_binary_add_s8_apply(a21, &k->a), tinyfit_binary_add_s8_apply(b21, &k->b), is_sub, full, k);
}

/* n elements of a and b advancing together; is_sub a constant at each call (always inlined, so the branch folds). */
static inline __attribute__((always_inline)) void tinyfit_binary_add_s8_run(const int8_t *a, const int8_t *b, int8_t *out, int n, int is_sub, int full,
                                                                      const tinyfit_binary_add_s8_k_t *k)
{
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint32_t x = tinyfit_dsp_load4(a + i);
        const uint32_t y = tinyfit_dsp_load4(b + i);
        const uint32_t xe = __ssub16(__sxtb16(x), k->a_zp2), xo = __ssub16(__sxtb16(tinyfit_dsp_ror8(x)), k->a_zp2);
        const uint32_t ye = __ssub16(__sxtb16(y), k->b_zp2), yo = __ssub16(__sxtb16(tinyfit_dsp_ror8(y)), k->b_zp2);
        const uint32_t r0 = (uint8_t)tinyfit_binary_add_s8_pair(tinyfit_binary_add_s8_lo21(xe), tinyfit_binary_add_s8_lo21(ye), is_sub, full, k);
        const uint32_t r1 = (uint8_t)tinyfit_binary_add_s8_pair(tinyfit_binary_add_s8_lo21(xo), tinyfit_binary_add_s8_lo21(yo), is_sub, full, k);
        const uint32_t r2 = (uint8_t)tinyfit_binary_add_s8_pair(tinyfit_binary_add_s8_hi21(xe), tinyfit_binary_add_s8_hi21(ye), is_sub, full, k);
        const uint32_t r3 = (uint8_t)tinyfit_binary_add_s8_pair(tinyfit_binary_add_s8_hi21(xo), tinyfit_binary_add_s8_hi21(yo), is_sub, full, k);
        const uint32_t word = r0 | (r1 << 8) | (r2 << 16) | (r3 << 24);
        memcpy(out + i, &word, 4);
    }
    for (; i < n; ++i) out[i] = tinyfit_binary_add_s8_out(tinyfit_binary_add_s8_in1(a[i], k->a_zp, &k->a), tinyfit_binary_add_s8_in1(b[i], k->b_zp, &k->b), is_sub, full, k);
}

/* n elements of x (the first operand when x_first) against the other operand's requantized value u. */
static inline __attribute__((always_inline)) void tinyfit_binary_add_s8_scalar(const int8_t *x, int32_t zp, const tinyfit_binary_add_s8_step_t *s, int32_t u,
                                                                         int x_first, int8_t *out, int n, int is_sub, int full, const tinyfit_binary_add_s8_k_t *k)
{
    int i;
    for (i = 0; i < n; ++i) {
        const int32_t v = tinyfit_binary_add_s8_in1(x[i], zp, s);
        out[i] = x_first ? tinyfit_binary_add_s8_out(v, u, is_sub, full, k) : tinyfit_binary_add_s8_out(u, v, is_sub, full, k);
    }
}

/* The fast path for one of ADD/SUB (is_sub a constant at each call, always inlined). */
static inline __attribute__((always_inline)) void tinyfit_binary_add_s8_fast(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n, int is_sub,
                                                                       int full, const tinyfit_binary_add_s8_k_t *k)
{
    int i = 0, ia = 0, ib = 0;
    if (na == 1 && nb == n) {
        tinyfit_binary_add_s8_scalar(b, k->b_zp, &k->b, tinyfit_binary_add_s8_in1(a[0], k->a_zp, &k->a), 0, out, n, is_sub, full, k);
        return;
    }
    if (nb == 1 && na == n) {
        tinyfit_binary_add_s8_scalar(a, k->a_zp, &k->a, tinyfit_binary_add_s8_in1(b[0], k->b_zp, &k->b), 1, out, n, is_sub, full, k);
        return;
    }
    /* Runs to the next wrap of either operand (element i reads a[i % na], b[i % nb]). */
    while (i < n) {
        int len = n - i;
        if (na - ia < len) len = na - ia;
        if (nb - ib < len) len = nb - ib;
        tinyfit_binary_add_s8_run(a + ia, b + ib, out + i, len, is_sub, full, k);
        i += len;
        ia += len;
        ib += len;
        if (ia == na) ia = 0;
        if (ib == nb) ib = 0;
    }
}
#endif

void tinyfit_binary_add_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n,
                    int32_t a_zp, int32_t a_mult, int a_shift, int32_t b_zp, int32_t b_mult, int b_shift,
                    int32_t out_zp, int32_t out_mult, int out_shift, int is_sub, int32_t act_min, int32_t act_max)
{
#if !(defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING) && !(defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING)
    /* Int8 zero points keep |q - zp| <= 255 (the bounds the header comment relies on); shifts >= -30 keep e + 1 a valid shift. */
    if (a_mult >= 0 && b_mult >= 0 && out_mult >= 0 && a_shift <= 0 && b_shift <= 0 && out_shift <= 0 && a_shift >= -30 && b_shift >= -30 &&
        out_shift >= -30 && a_zp >= -128 && a_zp <= 127 && b_zp >= -128 && b_zp <= 127) {
        tinyfit_binary_add_s8_k_t k;
        k.a = tinyfit_binary_add_s8_step(a_mult, a_shift);
        k.b = tinyfit_binary_add_s8_step(b_mult, b_shift);
        k.o = tinyfit_binary_add_s8_step(out_mult, out_shift);
        k.a_zp = a_zp;
        k.b_zp = b_zp;
        k.out_zp = out_zp;
        k.min = act_min;
        k.max = act_max;
        k.a_zp2 = tinyfit_dsp_zp2(a_zp);
        k.b_zp2 = tinyfit_dsp_zp2(b_zp);
        /* Four specializations (ADD or SUB, int8-range clamp or not): no per-element branch on either. */
        if (act_min == -128 && act_max == 127) {
            if (is_sub) tinyfit_binary_add_s8_fast(a, na, b, nb, out, n, 1, 1, &k);
            else tinyfit_binary_add_s8_fast(a, na, b, nb, out, n, 0, 1, &k);
        } else {
            if (is_sub) tinyfit_binary_add_s8_fast(a, na, b, nb, out, n, 1, 0, &k);
            else tinyfit_binary_add_s8_fast(a, na, b, nb, out, n, 0, 0, &k);
        }
        return;
    }
#endif
    tinyfit_binary_add_s8_general(a, na, b, nb, out, n, a_zp, a_mult, a_shift, b_zp, b_mult, b_shift, out_zp, out_mult, out_shift, is_sub, act_min, act_max);
}
