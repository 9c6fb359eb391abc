/*
 * Check driver for the int8 pooling / elementwise / data-movement / lookup-table kernels
 * (tests/kernels/int8/elementwise_s8.test.ts). Reads cases from stdin, runs each kernel, and writes every
 * case's whole output buffer (gaps of strided views included) to stdout; the jest test compares it byte for
 * byte with the TypeScript reference. Built once per rounding mode (TINYFIT_*_ROUNDING macros).
 *
 * Input: little-endian int32 words. A case is
 *   op, n_params, params[n_params], n_arrays, { len, values[len] } x n_arrays, out_len, out_init[out_len]
 * (int8 data one value a word). Each array gets a heap block of exactly its length, so AddressSanitizer flags
 * any read or write outside the view. Output per case: int32 out_len, then out_len bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary_add_s8.h"
#include "pool2d_avg_s8.h"
#include "concat_s8.h"
#include "concat_slice_s8.h"
#include "crop_s8.h"
#include "global_pool_avg_s8.h"
#include "global_pool_max_s8.h"
#include "activation_lut_s8.h"
#include "pool2d_max_s8.h"
#include "binary_minmax_s8.h"
#include "binary_mul_s8.h"
#include "pad_s8.h"
#include "prelu_s8.h"
#include "concat_slice_requant_s8.h"
#include "transpose_s8.h"
#include "upsample_nearest_s8.h"

enum {
    OP_MAX_POOL = 1, OP_AVG_POOL, OP_GLOBAL_AVG, OP_GLOBAL_MAX, OP_ADD, OP_MUL, OP_MINMAX, OP_CONCAT,
    OP_COPY_STRIDED, OP_REQUANTIZE, OP_PAD, OP_CROP, OP_UPSAMPLE, OP_TRANSPOSE, OP_LUT, OP_PRELU
};

#define MAX_PARAMS 64
#define MAX_ARRAYS 16

static const unsigned char *g_pos;
static const unsigned char *g_end;

static int32_t next_word(void)
{
    uint32_t v;
    if (g_end - g_pos < 4) {
        fprintf(stderr, "truncated input\n");
        exit(2);
    }
    v = (uint32_t)g_pos[0] | ((uint32_t)g_pos[1] << 8) | ((uint32_t)g_pos[2] << 16) | ((uint32_t)g_pos[3] << 24);
    g_pos += 4;
    return (int32_t)v;
}

static int8_t *read_array(int32_t *len_out)
{
    const int32_t len = next_word();
    int8_t *a = (int8_t *)malloc((size_t)(len > 0 ? len : 1));
    int32_t i;
    if (!a) exit(3);
    for (i = 0; i < len; ++i) a[i] = (int8_t)next_word();
    *len_out = len;
    return a;
}

static void run_case(int32_t op, const int32_t *p, int8_t **arr, const int32_t *alen, int n_arrays, int8_t *out)
{
    (void)alen;
    switch (op) {
    case OP_MAX_POOL:
    case OP_AVG_POOL:
        (op == OP_MAX_POOL ? tinyfit_pool2d_max_s8 : tinyfit_pool2d_avg_s8)(
            arr[0], p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], out, p[10], p[11], p[12], p[13], p[14],
            p[15], p[16]);
        break;
    case OP_GLOBAL_AVG:
        tinyfit_global_pool_avg_s8(arr[0], p[0], p[1], p[2], p[3], out);
        break;
    case OP_GLOBAL_MAX:
        tinyfit_global_pool_max_s8(arr[0], p[0], p[1], p[2], p[3], out);
        break;
    case OP_ADD:
        tinyfit_binary_add_s8(arr[0], p[0], arr[1], p[1], out, p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11],
                       p[12], p[13], p[14]);
        break;
    case OP_MUL:
        tinyfit_binary_mul_s8(arr[0], p[0], arr[1], p[1], out, p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        break;
    case OP_MINMAX:
        tinyfit_binary_minmax_s8(arr[0], p[0], arr[1], p[1], out, p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
                          p[11], p[12], p[13], p[14]);
        break;
    case OP_CONCAT: {
        /* params: n_inputs, outer, inner, out_zp, then per input: axis_size, zp, mult, shift, copy */
        const int k_n = p[0];
        const int8_t *ins[MAX_ARRAYS];
        int sizes[MAX_ARRAYS], copy[MAX_ARRAYS];
        int32_t zp[MAX_ARRAYS], mult[MAX_ARRAYS], shift[MAX_ARRAYS];
        int k;
        if (k_n > n_arrays) exit(4);
        for (k = 0; k < k_n; ++k) {
            ins[k] = arr[k];
            sizes[k] = p[4 + 5 * k];
            zp[k] = p[5 + 5 * k];
            mult[k] = p[6 + 5 * k];
            shift[k] = p[7 + 5 * k];
            copy[k] = p[8 + 5 * k];
        }
        tinyfit_concat_s8(ins, sizes, k_n, p[1], p[2], out, zp, mult, shift, copy, p[3]);
        break;
    }
    case OP_COPY_STRIDED:
        tinyfit_concat_slice_s8(arr[0], p[0], p[1], p[2], out, p[3]);
        break;
    case OP_REQUANTIZE:
        tinyfit_concat_slice_requant_s8(arr[0], p[0], p[1], p[2], p[3], out, p[4], p[5], p[6], p[7]);
        break;
    case OP_PAD:
        tinyfit_pad_s8(arr[0], p[0], p[1], p[2], p[3], p[4], p[5], p[6], out, (int8_t)p[7]);
        break;
    case OP_CROP:
        tinyfit_crop_s8(arr[0], p[0], p[1], p[2], p[3], p[4], out, p[5], p[6]);
        break;
    case OP_UPSAMPLE:
        tinyfit_upsample_nearest_s8(arr[0], p[0], p[1], p[2], p[3], p[4], out);
        break;
    case OP_TRANSPOSE: {
        int shape[6], perm[6], d;
        const int rank = p[0];
        if (rank < 1 || rank > 6) exit(4);
        for (d = 0; d < rank; ++d) {
            shape[d] = p[1 + d];
            perm[d] = p[1 + rank + d];
        }
        tinyfit_transpose_s8(arr[0], shape, perm, rank, out);
        break;
    }
    case OP_LUT:
        /* params: in_stride, out_stride, rows, n, in_place (then the input already sits in out) */
        if (p[4]) tinyfit_activation_lut_s8(out, p[0], out, p[1], p[2], p[3], arr[1]);
        else tinyfit_activation_lut_s8(arr[0], p[0], out, p[1], p[2], p[3], arr[1]);
        break;
    case OP_PRELU:
        tinyfit_prelu_s8(arr[0], arr[1], p[0], p[1], out, p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        break;
    default:
        fprintf(stderr, "unknown op %d\n", (int)op);
        exit(4);
    }
}

int main(void)
{
    size_t cap = 1 << 20, len = 0, got;
    unsigned char *buf = (unsigned char *)malloc(cap);
    if (!buf) return 3;
    while ((got = fread(buf + len, 1, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            buf = (unsigned char *)realloc(buf, cap);
            if (!buf) return 3;
        }
    }
    g_pos = buf;
    g_end = buf + len;
    while (g_pos < g_end) {
        int32_t params[MAX_PARAMS], alen[MAX_ARRAYS], out_len, i;
        int8_t *arr[MAX_ARRAYS];
        int8_t *out;
        const int32_t op = next_word();
        const int32_t n_params = next_word();
        int32_t n_arrays;
        if (n_params < 0 || n_params > MAX_PARAMS) return 4;
        for (i = 0; i < n_params; ++i) params[i] = next_word();
        n_arrays = next_word();
        if (n_arrays < 0 || n_arrays > MAX_ARRAYS) return 4;
        for (i = 0; i < n_arrays; ++i) arr[i] = read_array(&alen[i]);
        out = read_array(&out_len);
        run_case(op, params, arr, alen, (int)n_arrays, out);
        fwrite(&out_len, sizeof out_len, 1, stdout); /* host order: the test runs on the same machine */
        fwrite(out, 1, (size_t)out_len, stdout);
        for (i = 0; i < n_arrays; ++i) free(arr[i]);
        free(out);
    }
    free(buf);
    return 0;
}
