/*
 * Checks of the weight-storage kernel variants (firmware/kernels/README.md, "Weight storage variants"):
 * <op>_f16w_f32 (binary16 weights) and <op>_i8w_f32 (int8 weights, per-output-channel float scales)
 * against their float kernels, on cases written by tests/kernels/weights_variants.test.ts.
 *
 * Built and run by that test (gcc with -fsanitize=address,undefined, and clang -O2):
 *   weights_variants_check <cases.bin> <halftable.bin>
 *
 * halftable.bin: 65536 float32, fromHalfBits(h) for every h (src/arith/float16.ts). Every
 * tinyfit_half_to_f32(h) must equal it bit for bit (NaN: must be a NaN with the exact expected bits,
 * sign | 0x7f800000 | payload << 13, which a JS number cannot carry).
 *
 * cases.bin: int32 case count, then per case (little-endian) int32 kind (0 conv2d, 1 conv2d_preact,
 * 2 depthwise_conv2d, 3 depthwise_conv2d_inplace, 4 dense), NP int32 geometry (P_* below), 4 float32
 * (act_min, act_max, pre_min, pre_max), then NA arrays, each an int32 element count and its data:
 * in, w_raw, w_dec (= fromHalfBits(w_half)), w_deq (hybrid dequantized), bias (count 0: NULL),
 * pre_scale, pre_shift, w_scale (float32); w_half (uint16); w_q (int8); b_half, pre_scale_half,
 * pre_shift_half (uint16: the half bits of bias, pre_scale, pre_shift, which the test makes
 * half-representable so the float kernel sees exactly what the f16w variant decodes).
 *
 * Per case: the f16w variant fed w_half (and the half biases / pre-activation parameters) must match
 * the float kernel fed w_dec bit for bit over the
 * whole output buffer (strided views: elements outside the output's channel slice hold a sentinel
 * that must survive); the i8w variant fed (w_q, w_scale) must agree with the float kernel fed w_deq
 * within 1e-5 + 1e-4*|ref| on every written element, except where the sum cancels (|ref| much
 * smaller than |bias| + sum |x*w|): there within the worst-case rounding of the two summations (see
 * check_case); and leave the sentinel elsewhere. Sensitivity: how often f16w differs from the float
 * kernel fed the unrounded w_raw, and the max error of i8w against it. Buffers are allocated at
 * their exact size (AddressSanitizer).
 *
 * Output: "HALF_TABLE <n>", per kind "KIND <k> <cases> <f16_differs_from_raw>", "I8_MAX_ABS <e>",
 * "I8_MAX_REL <e>" (max error / (1e-5 + 1e-4*|ref|)), "I8_RAW_MAX_ABS <e>", "I8_CANCEL <outputs
 * beyond 1e-5 + 1e-4*|ref|> <outputs> <max error / rounding bound among them>", "CHECKS <n>", then
 * "ALL OK" (exit 0), or FAIL lines and "FAILED <n>" (exit 1).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv2d_f32.h"
#include "conv2d_f16w_f32.h"
#include "conv2d_i8w_f32.h"
#include "conv2d_preact_f32.h"
#include "conv2d_preact_f16w_f32.h"
#include "conv2d_preact_i8w_f32.h"
#include "dense_f32.h"
#include "dense_f16w_f32.h"
#include "dense_i8w_f32.h"
#include "depthwise_conv2d_f32.h"
#include "depthwise_conv2d_f16w_f32.h"
#include "depthwise_conv2d_i8w_f32.h"
#include "depthwise_conv2d_inplace_f32.h"
#include "depthwise_conv2d_inplace_f16w_f32.h"
#include "depthwise_conv2d_inplace_i8w_f32.h"
#include "half_f32.h"

enum { K_CONV = 0, K_PREACT = 1, K_DW = 2, K_DW_INPLACE = 3, K_DENSE = 4, N_KINDS = 5 };
enum {
    P_IN_H, P_IN_W, P_IN_C, P_IN_STRIDE, P_OUT_C, P_K_H, P_K_W, P_STRIDE_H, P_STRIDE_W, P_DIL_H,
    P_DIL_W, P_PAD_TOP, P_PAD_LEFT, P_OUT_H, P_OUT_W, P_OUT_STRIDE, P_REVERSE, P_ROWS, P_IN_N,
    P_OUT_N, NP
};
/* P_OUT_C is the depth multiplier for depthwise kinds. */
enum { A_IN, A_W_RAW, A_W_DEC, A_W_DEQ, A_BIAS, A_PRE_SCALE, A_PRE_SHIFT, A_W_SCALE, NA };

#define SENTINEL 1234.5f

typedef struct {
    int kind;
    int p[NP];
    float act_min, act_max, pre_min, pre_max;
    float *a[NA];
    int n[NA];
    uint16_t *w_half;
    int n_half;
    int8_t *w_q;
    int n_q;
    uint16_t *h[3]; /* b_half, pre_scale_half, pre_shift_half */
    int n_h[3];
} Case;

static long g_checks = 0;
static int g_failed = 0;

static void fail(const char *msg, int case_no, int kind, long idx, double got, double want)
{
    ++g_failed;
    if (g_failed <= 20) {
        printf("FAIL %s case %d kind %d index %ld got %.9g want %.9g\n", msg, case_no, kind, idx, got,
               want);
    }
}

static int read_i32(FILE *f, int *v)
{
    unsigned char b[4];
    if (fread(b, 1, 4, f) != 4) return 0;
    *v = (int)(int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                        (uint32_t)b[3] << 24);
    return 1;
}

/* Reads a counted array of `size`-byte elements (x86/ARM little-endian host assumed for floats). */
static void *read_array(FILE *f, size_t size, int *count)
{
    void *p;
    if (!read_i32(f, count) || *count < 0) return NULL;
    p = malloc(*count > 0 ? (size_t)*count * size : 1);
    if (!p) return NULL;
    if (*count > 0 && fread(p, size, (size_t)*count, f) != (size_t)*count) {
        free(p);
        return NULL;
    }
    return p;
}

static int read_case(FILE *f, Case *c)
{
    int i;
    memset(c, 0, sizeof *c);
    if (!read_i32(f, &c->kind)) return 0;
    for (i = 0; i < NP; ++i) {
        if (!read_i32(f, &c->p[i])) return 0;
    }
    if (fread(&c->act_min, 4, 1, f) != 1 || fread(&c->act_max, 4, 1, f) != 1 ||
        fread(&c->pre_min, 4, 1, f) != 1 || fread(&c->pre_max, 4, 1, f) != 1) {
        return 0;
    }
    for (i = 0; i < NA; ++i) {
        c->a[i] = (float *)read_array(f, sizeof(float), &c->n[i]);
        if (!c->a[i]) return 0;
    }
    c->w_half = (uint16_t *)read_array(f, sizeof(uint16_t), &c->n_half);
    c->w_q = (int8_t *)read_array(f, sizeof(int8_t), &c->n_q);
    if (!c->w_half || !c->w_q) return 0;
    for (i = 0; i < 3; ++i) {
        c->h[i] = (uint16_t *)read_array(f, sizeof(uint16_t), &c->n_h[i]);
        if (!c->h[i]) return 0;
    }
    return 1;
}

static void free_case(Case *c)
{
    int i;
    for (i = 0; i < NA; ++i) free(c->a[i]);
    free(c->w_half);
    free(c->w_q);
    for (i = 0; i < 3; ++i) free(c->h[i]);
}

/* Which weights a run uses. */
enum { W_RAW, W_DEC, W_DEQ, W_HALF, W_INT8 };

/* Runs the kernel of the case's kind with the given weights into out (n_out floats, pre-filled by
 * the caller). For the in-place kernel, out is the buffer: the caller copies the input into it. */
static void run(const Case *c, int which, float *out, float *temp)
{
    const int *p = c->p;
    const float *in = c->a[A_IN];
    const float *bias = c->n[A_BIAS] > 0 ? c->a[A_BIAS] : NULL;
    const float *wf = which == W_RAW ? c->a[A_W_RAW] : which == W_DEC ? c->a[A_W_DEC] : c->a[A_W_DEQ];
    const float *ws = c->a[A_W_SCALE];
    const uint16_t *bias_h = c->n_h[0] > 0 ? c->h[0] : NULL;
    switch (c->kind) {
    case K_CONV:
#define CONV_GEOM p[P_OUT_C], p[P_K_H], p[P_K_W], p[P_STRIDE_H], p[P_STRIDE_W], p[P_DIL_H], \
        p[P_DIL_W], p[P_PAD_TOP], p[P_PAD_LEFT], out, p[P_OUT_H], p[P_OUT_W], p[P_OUT_STRIDE], \
        c->act_min, c->act_max, p[P_REVERSE]
#define IN_GEOM in, p[P_IN_H], p[P_IN_W], p[P_IN_C], p[P_IN_STRIDE]
        if (which == W_HALF) tinyfit_conv2d_f16w_f32(IN_GEOM, c->w_half, bias_h, CONV_GEOM);
        else if (which == W_INT8) tinyfit_conv2d_i8w_f32(IN_GEOM, c->w_q, ws, bias, CONV_GEOM);
        else tinyfit_conv2d_f32(IN_GEOM, wf, bias, CONV_GEOM);
        break;
    case K_PREACT:
#define PRE c->a[A_PRE_SCALE], c->a[A_PRE_SHIFT], c->pre_min, c->pre_max
#define PRE_HALF c->h[1], c->h[2], c->pre_min, c->pre_max
        if (which == W_HALF) tinyfit_conv2d_preact_f16w_f32(IN_GEOM, PRE_HALF, c->w_half, bias_h, CONV_GEOM);
        else if (which == W_INT8) tinyfit_conv2d_preact_i8w_f32(IN_GEOM, PRE, c->w_q, ws, bias, CONV_GEOM);
        else tinyfit_conv2d_preact_f32(IN_GEOM, PRE, wf, bias, CONV_GEOM);
        break;
    case K_DW:
        if (which == W_HALF) tinyfit_depthwise_conv2d_f16w_f32(IN_GEOM, c->w_half, bias_h, CONV_GEOM);
        else if (which == W_INT8) tinyfit_depthwise_conv2d_i8w_f32(IN_GEOM, c->w_q, ws, bias, CONV_GEOM);
        else tinyfit_depthwise_conv2d_f32(IN_GEOM, wf, bias, CONV_GEOM);
        break;
    case K_DW_INPLACE:
#define INPLACE_GEOM p[P_K_H], p[P_K_W], p[P_STRIDE_H], p[P_STRIDE_W], p[P_DIL_H], p[P_DIL_W], \
        p[P_PAD_TOP], p[P_PAD_LEFT], p[P_OUT_H], p[P_OUT_W], temp, c->act_min, c->act_max
#define BUF_GEOM out, p[P_IN_H], p[P_IN_W], p[P_IN_C]
        if (which == W_HALF) {
            tinyfit_depthwise_conv2d_inplace_f16w_f32(BUF_GEOM, c->w_half, bias_h, INPLACE_GEOM);
        } else if (which == W_INT8) {
            tinyfit_depthwise_conv2d_inplace_i8w_f32(BUF_GEOM, c->w_q, ws, bias, INPLACE_GEOM);
        } else {
            tinyfit_depthwise_conv2d_inplace_f32(BUF_GEOM, wf, bias, INPLACE_GEOM);
        }
        break;
    case K_DENSE:
#define DENSE_A in, p[P_ROWS], p[P_IN_N]
#define DENSE_B bias, p[P_OUT_N], out, c->act_min, c->act_max
        if (which == W_HALF) tinyfit_dense_f16w_f32(DENSE_A, c->w_half, bias_h, p[P_OUT_N], out, c->act_min, c->act_max);
        else if (which == W_INT8) tinyfit_dense_i8w_f32(DENSE_A, c->w_q, ws, DENSE_B);
        else tinyfit_dense_f32(DENSE_A, wf, DENSE_B);
        break;
    default:
        break;
    }
}

/* Output buffer length (exact), and whether element i is a written output element. */
static long out_len(const Case *c)
{
    const int *p = c->p;
    switch (c->kind) {
    case K_CONV:
    case K_PREACT:
        return (long)(p[P_OUT_H] * p[P_OUT_W] - 1) * p[P_OUT_STRIDE] + p[P_OUT_C];
    case K_DW:
        return (long)(p[P_OUT_H] * p[P_OUT_W] - 1) * p[P_OUT_STRIDE] + p[P_IN_C] * p[P_OUT_C];
    case K_DW_INPLACE:
        return (long)p[P_IN_H] * p[P_IN_W] * p[P_IN_C];
    default:
        return (long)p[P_ROWS] * p[P_OUT_N];
    }
}

static int is_output(const Case *c, long i)
{
    const int *p = c->p;
    switch (c->kind) {
    case K_CONV:
    case K_PREACT:
        return i % p[P_OUT_STRIDE] < p[P_OUT_C];
    case K_DW:
        return i % p[P_OUT_STRIDE] < p[P_IN_C] * p[P_OUT_C];
    case K_DW_INPLACE:
        return i < (long)p[P_OUT_H] * p[P_OUT_W] * p[P_IN_C];
    default:
        return 1;
    }
}

/* Fills the buffer before a run: the input for the in-place kernel, else the sentinel. */
static void prefill(const Case *c, float *buf, long n)
{
    long i;
    if (c->kind == K_DW_INPLACE) {
        memcpy(buf, c->a[A_IN], (size_t)n * sizeof(float));
    } else {
        for (i = 0; i < n; ++i) buf[i] = SENTINEL;
    }
}

static double g_i8_max_abs = 0.0, g_i8_max_rel = 0.0, g_i8_raw_max_abs = 0.0, g_i8_max_bound = 0.0;
static long g_i8_outputs = 0, g_i8_cancel = 0;

/* Most products summed into one output (taps times input channels). */
static int terms(const Case *c)
{
    const int *p = c->p;
    switch (c->kind) {
    case K_CONV:
    case K_PREACT:
        return p[P_K_H] * p[P_K_W] * p[P_IN_C];
    case K_DW:
    case K_DW_INPLACE:
        return p[P_K_H] * p[P_K_W];
    default:
        return p[P_IN_N];
    }
}

/* mag[i] = |bias| + sum |x*w_deq| of output i (x after the pre-activation), computed by the float
 * kernel itself on absolute values without clamps: the scale of the rounding errors of both sums. */
static void magnitudes(const Case *c, float *mag, float *temp)
{
    Case a = *c;
    if (c->kind == K_PREACT && c->p[P_IN_C] > 64) fail("preact in_c > 64", -1, c->kind, 0, 0, 0);
    float *in = (float *)malloc((size_t)c->n[A_IN] * sizeof(float));
    float *w = (float *)malloc((size_t)c->n[A_W_DEQ] * sizeof(float) + 1);
    float *b = (float *)malloc((size_t)c->n[A_BIAS] * sizeof(float) + 1);
    float one[64], zero[64];
    int i;
    for (i = 0; i < 64; ++i) {
        one[i] = 1.0f;
        zero[i] = 0.0f;
    }
    for (i = 0; i < c->n[A_IN]; ++i) {
        float x = c->a[A_IN][i];
        if (c->kind == K_PREACT) {
            const int ic = i % c->p[P_IN_STRIDE];
            if (ic < c->p[P_IN_C]) {
                x = x * c->a[A_PRE_SCALE][ic] + c->a[A_PRE_SHIFT][ic];
                x = x < c->pre_min ? c->pre_min : (x > c->pre_max ? c->pre_max : x);
            }
        }
        in[i] = (float)fabs(x);
    }
    for (i = 0; i < c->n[A_W_DEQ]; ++i) w[i] = (float)fabs(c->a[A_W_DEQ][i]);
    for (i = 0; i < c->n[A_BIAS]; ++i) b[i] = (float)fabs(c->a[A_BIAS][i]);
    a.a[A_IN] = in;
    a.a[A_W_DEQ] = w;
    a.a[A_BIAS] = b;
    a.a[A_PRE_SCALE] = one; /* in_c <= 64: the pre-activation is already applied */
    a.a[A_PRE_SHIFT] = zero;
    a.pre_min = -FLT_MAX;
    a.pre_max = FLT_MAX;
    a.act_min = -FLT_MAX;
    a.act_max = FLT_MAX;
    prefill(&a, mag, out_len(c));
    run(&a, W_DEQ, mag, temp);
    free(in);
    free(w);
    free(b);
}

static void check_case(const Case *c, int case_no, int *f16_raw_differs)
{
    const long n = out_len(c);
    const int kind = c->kind;
    float *ref = (float *)malloc((size_t)n * sizeof(float));
    float *got = (float *)malloc((size_t)n * sizeof(float));
    float *raw = (float *)malloc((size_t)n * sizeof(float));
    float *mag = (float *)malloc((size_t)n * sizeof(float));
    float *temp = NULL;
    long i;
    if (kind == K_DW_INPLACE) temp = (float *)malloc((size_t)(c->p[P_OUT_H] * c->p[P_OUT_W]) * sizeof(float));
    if (!ref || !got || !raw || !mag || (kind == K_DW_INPLACE && !temp)) {
        fail("alloc", case_no, kind, 0, 0, 0);
        return;
    }
    if (kind == K_DW_INPLACE && c->n[A_IN] != n) fail("input length", case_no, kind, n, c->n[A_IN], (double)n);

    /* f16w: bit-identical to the float kernel fed the decoded weights. */
    prefill(c, ref, n);
    run(c, W_DEC, ref, temp);
    prefill(c, got, n);
    run(c, W_HALF, got, temp);
    ++g_checks;
    if (memcmp(ref, got, (size_t)n * sizeof(float)) != 0) {
        for (i = 0; i < n; ++i) {
            if (memcmp(&ref[i], &got[i], sizeof(float)) != 0) {
                fail("f16w != f32(decoded)", case_no, kind, i, got[i], ref[i]);
                break;
            }
        }
    }
    prefill(c, raw, n);
    run(c, W_RAW, raw, temp);
    if (memcmp(raw, got, (size_t)n * sizeof(float)) != 0) ++*f16_raw_differs;

    /* i8w against the float kernel fed the dequantized weights: within 1e-5 + 1e-4*|ref|, or, where
     * the sum cancels (|ref| << mag), within the worst-case float rounding of the two summations,
     * 2.5*(terms + 2)*2^-24*mag (the int8 sum rounds like the float one, then one scale and one bias
     * rounding; the products q*s differ from w_deq by at most one rounding). */
    magnitudes(c, mag, temp);
    prefill(c, ref, n);
    run(c, W_DEQ, ref, temp);
    prefill(c, got, n);
    run(c, W_INT8, got, temp);
    for (i = 0; i < n; ++i) {
        ++g_checks;
        if (is_output(c, i)) {
            const double err = fabs((double)got[i] - (double)ref[i]);
            const double rel = err / (1e-5 + 1e-4 * fabs((double)ref[i]));
            const double err_raw = fabs((double)got[i] - (double)raw[i]);
            const double bound = 2.5 * (terms(c) + 2) * ldexp(1.0, -24) * (double)mag[i];
            ++g_i8_outputs;
            if (!(rel <= 1.0)) {
                ++g_i8_cancel;
                if (!(err <= bound)) fail("i8w vs f32(dequantized)", case_no, kind, i, got[i], ref[i]);
                if (err / bound > g_i8_max_bound) g_i8_max_bound = err / bound;
            }
            if (rel > g_i8_max_rel) g_i8_max_rel = rel;
            if (err > g_i8_max_abs) g_i8_max_abs = err;
            if (err_raw > g_i8_raw_max_abs) g_i8_raw_max_abs = err_raw;
        } else if (memcmp(&got[i], &ref[i], sizeof(float)) != 0) {
            fail("i8w wrote outside its output slice", case_no, kind, i, got[i], ref[i]);
        }
    }
    free(ref);
    free(got);
    free(raw);
    free(mag);
    free(temp);
}

/* Independent decoding: sign * mant * 2^(e - 25) via ldexp, NaN bits built by hand. */
static void check_half_table(const char *path)
{
    FILE *f = fopen(path, "rb");
    static float table[65536];
    long h;
    if (!f || fread(table, sizeof(float), 65536, f) != 65536) {
        fail("cannot read half table", -1, -1, 0, 0, 0);
        if (f) fclose(f);
        return;
    }
    fclose(f);
    for (h = 0; h < 65536; ++h) {
        const float got = tinyfit_half_to_f32((uint16_t)h);
        const long e = (h >> 10) & 0x1f, m = h & 0x3ff;
        uint32_t got_bits, want_bits;
        float want;
        memcpy(&got_bits, &got, 4);
        if (e == 0x1f) {
            want_bits = ((uint32_t)(h & 0x8000) << 16) | 0x7f800000u | ((uint32_t)m << 13);
            memcpy(&want, &want_bits, 4);
        } else {
            want = (float)ldexp((double)(e == 0 ? m : m + 1024), (int)(e == 0 ? -24 : e - 25));
            if (h & 0x8000) want = -want;
            memcpy(&want_bits, &want, 4);
        }
        ++g_checks;
        if (got_bits != want_bits) fail("half_to_f32 vs ldexp", -1, -1, h, got, want);
        /* Against the TS table: bit for bit, except that a JS NaN only says "NaN". */
        if (e == 0x1f && m != 0 ? !(table[h] != table[h]) : memcmp(&table[h], &got, 4) != 0) {
            fail("half_to_f32 vs fromHalfBits", -1, -1, h, got, table[h]);
        }
    }
    printf("HALF_TABLE %d\n", 65536);
}

int main(int argc, char **argv)
{
    FILE *f;
    int n_cases = 0, k;
    int per_kind[N_KINDS] = {0, 0, 0, 0, 0};
    int raw_differs[N_KINDS] = {0, 0, 0, 0, 0};
    if (argc != 3) {
        printf("usage: %s cases.bin halftable.bin\n", argv[0]);
        return 2;
    }
    check_half_table(argv[2]);
    f = fopen(argv[1], "rb");
    if (!f || !read_i32(f, &n_cases)) {
        printf("FAIL cannot read %s\n", argv[1]);
        return 1;
    }
    for (k = 0; k < n_cases; ++k) {
        Case c;
        if (!read_case(f, &c) || c.kind < 0 || c.kind >= N_KINDS) {
            printf("FAIL bad case %d\n", k);
            fclose(f);
            return 1;
        }
        ++per_kind[c.kind];
        check_case(&c, k, &raw_differs[c.kind]);
        free_case(&c);
    }
    fclose(f);
    for (k = 0; k < N_KINDS; ++k) printf("KIND %d %d %d\n", k, per_kind[k], raw_differs[k]);
    printf("I8_MAX_ABS %.9g\nI8_MAX_REL %.9g\nI8_RAW_MAX_ABS %.9g\n", g_i8_max_abs, g_i8_max_rel,
           g_i8_raw_max_abs);
    printf("I8_CANCEL %ld %ld %.9g\n", g_i8_cancel, g_i8_outputs, g_i8_max_bound);
    printf("CHECKS %ld\n", g_checks);
    if (g_failed) {
        printf("FAILED %d\n", g_failed);
        return 1;
    }
    printf("ALL OK\n");
    return 0;
}
