/*
 * Runs tinyfit_softmax_s8, tinyfit_activation_logistic_s8 and tinyfit_activation_tanh_s8 on cases read from stdin and writes their
 * outputs to stdout, for tests/kernels/int8/transcendental_s8.test.ts to compare byte for byte with the
 * TypeScript reference. Buffers are allocated at their exact sizes so AddressSanitizer catches any access
 * outside them. All integers are int32 little-endian (the host's order; the test runs on the same host).
 *
 * Input:  int32 count, then per case int32 op and
 *   op 0 (softmax):        outer n inner multiplier left_shift diff_min, then outer*n*inner input bytes;
 *   op 1/2 (logistic/tanh): rows n in_stride out_stride zp radius multiplier left_shift, then
 *                          (rows-1)*in_stride + n input bytes (rows >= 1).
 * Output per case: the out-of-place result then the in-place result (in == out).
 *   softmax: outer*n*inner bytes each;
 *   logistic/tanh: the output buffer of (rows-1)*out_stride + n bytes, pre-filled with 0x5A (gaps must stay), then
 *   the input buffer after the in-place call with out_stride = in_stride (gaps keep the input bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation_logistic_s8.h"
#include "softmax_s8.h"
#include "activation_tanh_s8.h"

static int32_t read_i32(void)
{
    int32_t v;
    if (fread(&v, sizeof v, 1, stdin) != 1) {
        fprintf(stderr, "truncated input\n");
        exit(2);
    }
    return v;
}

static int8_t *read_bytes(size_t n)
{
    int8_t *p = (int8_t *)malloc(n ? n : 1);
    if (!p || (n && fread(p, 1, n, stdin) != n)) {
        fprintf(stderr, "truncated input or out of memory\n");
        exit(2);
    }
    return p;
}

static int8_t *copy_bytes(const int8_t *src, size_t n)
{
    int8_t *p = (int8_t *)malloc(n ? n : 1);
    if (!p) exit(2);
    if (n) memcpy(p, src, n);
    return p;
}

static void write_bytes(const int8_t *p, size_t n)
{
    if (n && fwrite(p, 1, n, stdout) != n) exit(3);
}

int main(void)
{
    const int32_t count = read_i32();
    int32_t k;
    for (k = 0; k < count; k++) {
        const int32_t op = read_i32();
        if (op == 0) {
            const int outer = read_i32();
            const int n = read_i32();
            const int inner = read_i32();
            const int32_t mult = read_i32();
            const int shift = read_i32();
            const int32_t diff_min = read_i32();
            const size_t len = (size_t)outer * (size_t)n * (size_t)inner;
            int8_t *in = read_bytes(len);
            int8_t *out = (int8_t *)malloc(len ? len : 1);
            int8_t *buf = copy_bytes(in, len);
            if (!out) return 2;
            tinyfit_softmax_s8(in, outer, n, inner, out, mult, shift, diff_min);
            tinyfit_softmax_s8(buf, outer, n, inner, buf, mult, shift, diff_min);
            write_bytes(out, len);
            write_bytes(buf, len);
            free(in);
            free(out);
            free(buf);
        } else if (op == 1 || op == 2) {
            const int rows = read_i32();
            const int n = read_i32();
            const int in_stride = read_i32();
            const int out_stride = read_i32();
            const int32_t zp = read_i32();
            const int32_t radius = read_i32();
            const int32_t mult = read_i32();
            const int shift = read_i32();
            const size_t in_len = (size_t)(rows - 1) * (size_t)in_stride + (size_t)n;
            const size_t out_len = (size_t)(rows - 1) * (size_t)out_stride + (size_t)n;
            int8_t *in = read_bytes(in_len);
            int8_t *out = (int8_t *)malloc(out_len);
            int8_t *buf = copy_bytes(in, in_len);
            if (!out) return 2;
            memset(out, 0x5A, out_len);
            if (op == 1) {
                tinyfit_activation_logistic_s8(in, in_stride, out, out_stride, rows, n, zp, radius, mult, shift);
                tinyfit_activation_logistic_s8(buf, in_stride, buf, in_stride, rows, n, zp, radius, mult, shift);
            } else {
                tinyfit_activation_tanh_s8(in, in_stride, out, out_stride, rows, n, zp, radius, mult, shift);
                tinyfit_activation_tanh_s8(buf, in_stride, buf, in_stride, rows, n, zp, radius, mult, shift);
            }
            write_bytes(out, out_len);
            write_bytes(buf, in_len);
            free(in);
            free(out);
            free(buf);
        } else {
            fprintf(stderr, "bad op %d\n", (int)op);
            return 2;
        }
    }
    return fflush(stdout) == 0 ? 0 : 3;
}
