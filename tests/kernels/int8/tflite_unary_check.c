/*
 * Check driver for the TFLite-exact unary tables (tests/kernels/int8/tflite_unary_s8.test.ts).
 *
 * An independent C transcription of TFLite Micro's int8 RELU / RELU6 / RELU_N1_TO_1 / LEAKY_RELU / HARD_SWISH
 * arithmetic, written for this test from the behaviour described in src/reference/int8/tfliteUnary.ts: the
 * parameters are derived here from the raw float32 scales with the C compiler's own float32 arithmetic, frexp and
 * llround (no TypeScript emulation of float32), and the int16 fixed point of HARD_SWISH uses real int16_t values,
 * so C's integer promotions and conversions do the wrapping. It also runs tinyfit_activation_lut_s8 over the TypeScript table.
 *
 * Input (text, one case a line): kind s_in_bits zp_in s_out_bits zp_out alpha_bits table[256]
 * (float32 values as their IEEE bit patterns, kind: 0 relu, 1 relu6, 2 relu_n1_to_1, 3 leaky_relu, 4 hard_swish,
 * 5 TFLM's raw RELU6 clamp). Output per case: 256 values of the transcription for q = -128..127, then 256 values
 * of tinyfit_activation_lut_s8 over the table.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "activation_lut_s8.h"

static float bits_to_float(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static void quant_mult(double real, int32_t *m, int *shift)
{
    double q;
    long long fixed;
    if (real == 0.0) {
        *m = 0;
        *shift = 0;
        return;
    }
    q = frexp(real, shift);
    fixed = llround(q * 2147483648.0);
    if (fixed == 2147483648LL) {
        fixed /= 2;
        ++*shift;
    }
    if (*shift < -31) {
        *shift = 0;
        fixed = 0;
    }
    *m = (int32_t)fixed;
}

static int32_t high_mul32(int32_t a, int32_t b)
{
    long long ab;
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    ab = (long long)a * b;
    return (int32_t)((ab + (ab >= 0 ? (1LL << 30) : 1 - (1LL << 30))) / (1LL << 31));
}

static int32_t div_pot32(int32_t x, int e)
{
    const int32_t mask = (int32_t)((1LL << e) - 1);
    const int32_t rem = x & mask;
    const int32_t thr = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> e) + (rem > thr ? 1 : 0);
}

static int32_t mbqm(int32_t x, int32_t m, int shift)
{
    const int32_t shifted = shift > 0 ? (int32_t)((uint32_t)x << shift) : x;
    return div_pot32(high_mul32(shifted, m), shift > 0 ? 0 : -shift);
}

static int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* RELU-family: requantize then clamp to the quantized activation range. */
static int relu_like(int q, float s_in, int zp_in, float s_out, int zp_out, float lo, float hi, int has_hi)
{
    int32_t m;
    int sh;
    int32_t act_min, act_max, y;
    quant_mult((double)(s_in / s_out), &m, &sh);
    act_min = zp_out + (int32_t)roundf(lo / s_out);
    if (act_min < -128) act_min = -128;
    act_max = 127;
    if (has_hi && zp_out + (int32_t)roundf(hi / s_out) < 127) act_max = zp_out + (int32_t)roundf(hi / s_out);
    y = zp_out + mbqm(q - zp_in, m, sh);
    if (y < act_min) y = act_min;
    if (y > act_max) y = act_max;
    return (int)y;
}

static int leaky(int q, float s_in, int zp_in, float s_out, int zp_out, float alpha)
{
    int32_t m_id, m_al;
    int sh_id, sh_al;
    const int32_t v = q - zp_in;
    int32_t y;
    quant_mult((double)(s_in / s_out), &m_id, &sh_id);
    quant_mult((double)(s_in * alpha / s_out), &m_al, &sh_al);
    if (v >= 0) {
        y = mbqm(v, m_id, sh_id);
    } else if (m_al < 0) {
        y = -mbqm(v, -m_al, sh_al);
    } else {
        y = mbqm(v, m_al, sh_al);
    }
    return (int)clamp_i32(zp_out + y, -128, 127);
}

static int16_t high_mul16(int16_t a, int16_t b)
{
    const int32_t ab = (int32_t)a * (int32_t)b;
    const int16_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    return (int16_t)((ab + nudge) / (1 << 15));
}

static int16_t high_mul16_trunc(int16_t a, int16_t b)
{
    if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
    return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

static int16_t div_pot16(int16_t x, int e)
{
    const int16_t mask = (int16_t)((1LL << e) - 1);
    const int16_t rem = (int16_t)(x & mask);
    const int16_t thr = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
    return (int16_t)((x >> e) + (rem > thr ? 1 : 0));
}

static int16_t sat_shl16(int16_t v, int amount)
{
    const long long r = (long long)v * (1LL << amount);
    return (int16_t)(r > INT16_MAX ? INT16_MAX : (r < INT16_MIN ? INT16_MIN : r));
}

static int16_t to_q15(int32_t m)
{
    if (m >= INT32_MAX - (1 << 15)) return INT16_MAX;
    return (int16_t)((m + (1 << 15)) >> 16);
}

/* Returns 1000 when the parameters are rejected (output exponent > 0). */
static int hard_swish(int q, float s_in, int zp_in, float s_out, int zp_out)
{
    const float hires_scale = (1.0f / 128.0f) * s_in;
    const float reluish_scale = 3.0f / 32768.0f;
    int32_t m_out32, m_rel32;
    int e_out, e_rel;
    int16_t m_out, m_rel, in_val, hires, pre_out, rel, pre, out;
    quant_mult((double)(hires_scale / s_out), &m_out32, &e_out);
    quant_mult((double)(hires_scale / reluish_scale), &m_rel32, &e_rel);
    if (e_out > 0) return 1000;
    m_out = to_q15(m_out32);
    m_rel = to_q15(m_rel32);
    in_val = (int16_t)(q - zp_in);
    hires = (int16_t)(in_val * (1 << 7));
    pre_out = high_mul16(hires, m_out);
    rel = hires;
    if (e_rel > 0) rel = sat_shl16(rel, e_rel - 1);
    rel = high_mul16(rel, m_rel);
    if (e_rel > 0) rel = sat_shl16(rel, 1);
    if (e_rel < 0) rel = div_pot16(rel, -e_rel);
    rel = (int16_t)((rel + (1 << 15)) >> 1);
    pre = high_mul16_trunc(rel, pre_out);
    out = div_pot16(pre, -e_out);
    out = (int16_t)(out + zp_out);
    return out < -128 ? -128 : (out > 127 ? 127 : out);
}

static int raw_relu6(int q, float s_in, int zp_in)
{
    int32_t six = zp_in + (int32_t)roundf(6.0f / s_in);
    six = clamp_i32(six, -128, 127);
    return q > six ? six : (q < zp_in ? zp_in : q);
}

int main(void)
{
    int kind, zp_in, zp_out;
    unsigned int b_in, b_out, b_alpha;
    while (scanf("%d %u %d %u %d %u", &kind, &b_in, &zp_in, &b_out, &zp_out, &b_alpha) == 6) {
        const float s_in = bits_to_float(b_in);
        const float s_out = bits_to_float(b_out);
        const float alpha = bits_to_float(b_alpha);
        int8_t table[256], in[256], out[256];
        int i;
        for (i = 0; i < 256; ++i) {
            int v;
            if (scanf("%d", &v) != 1) return 2;
            table[i] = (int8_t)v;
            in[i] = (int8_t)(i - 128);
        }
        for (i = 0; i < 256; ++i) {
            const int q = i - 128;
            int y = 0;
            switch (kind) {
            case 0: y = relu_like(q, s_in, zp_in, s_out, zp_out, 0.0f, 0.0f, 0); break;
            case 1: y = relu_like(q, s_in, zp_in, s_out, zp_out, 0.0f, 6.0f, 1); break;
            case 2: y = relu_like(q, s_in, zp_in, s_out, zp_out, -1.0f, 1.0f, 1); break;
            case 3: y = leaky(q, s_in, zp_in, s_out, zp_out, alpha); break;
            case 4: y = hard_swish(q, s_in, zp_in, s_out, zp_out); break;
            case 5: y = raw_relu6(q, s_in, zp_in); break;
            default: return 3;
            }
            printf("%d ", y);
        }
        tinyfit_activation_lut_s8(in, 256, out, 256, 1, 256, table);
        for (i = 0; i < 256; ++i) printf("%d ", out[i]);
        printf("\n");
    }
    return 0;
}
