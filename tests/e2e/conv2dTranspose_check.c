/*
 * Runs tinyfit_conv2d_transpose_f32 / tinyfit_conv2d_transpose_s8 on binary cases written by
 * conv2dTranspose.e2e.test.ts and writes every output buffer, whole, to the output file (the test
 * compares it with the TypeScript reference). Usage: conv2dTranspose_check <cases> <outputs>.
 *
 * Case record (int32 little-endian): kind, n_ints, ints[n_ints], n_arrays, then per array:
 * elem_size (1 or 4), len (-1 = NULL pointer), len elements. Every array, and the output, is
 * its own exactly-sized heap block so that AddressSanitizer catches any access outside it; the
 * output starts filled with 0xA5 bytes (a cell the kernel forgets shows up in the comparison).
 *   1 float: ints in_h in_w in_c out_c k_h k_w stride_h stride_w pad_top pad_left out_h out_w;
 *     arrays in, w, bias, act[2] (act_min, act_max); output float[out_h*out_w*out_c].
 *   2 int8: ints in_h in_w in_c in_zp out_c k_h k_w stride_h stride_w pad_top pad_left out_h out_w
 *     out_zp act_min act_max; arrays in, w, bias, mult, shift; output int8[out_h*out_w*out_c].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv2d_transpose_f32.h"
#include "conv2d_transpose_s8.h"

#define MAX_INTS 32
#define MAX_ARRAYS 8

static const unsigned char *cur;
static const unsigned char *end;

static int32_t read_i32(void)
{
    int32_t v;
    if (end - cur < 4) {
        fprintf(stderr, "truncated case file\n");
        exit(2);
    }
    memcpy(&v, cur, 4);
    cur += 4;
    return v;
}

static void *copy_block(long bytes)
{
    void *p = malloc(bytes > 0 ? (size_t)bytes : 1u);
    if (!p) exit(3);
    if (end - cur < bytes) {
        fprintf(stderr, "truncated array\n");
        exit(2);
    }
    memcpy(p, cur, (size_t)bytes);
    cur += bytes;
    return p;
}

int main(int argc, char **argv)
{
    FILE *f;
    FILE *o;
    unsigned char *file;
    long size;
    long cases = 0;

    if (argc != 3) return 1;
    f = fopen(argv[1], "rb");
    if (!f) return 1;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    file = (unsigned char *)malloc((size_t)size + 1u);
    if (!file || fread(file, 1, (size_t)size, f) != (size_t)size) return 1;
    fclose(f);
    o = fopen(argv[2], "wb");
    if (!o) return 1;
    cur = file;
    end = file + size;

    while (cur < end) {
        int32_t n[MAX_INTS];
        void *a[MAX_ARRAYS];
        const int kind = read_i32();
        const int n_ints = read_i32();
        int n_arrays, k;
        long n_out, bytes;
        void *out;
        if (n_ints < 0 || n_ints > MAX_INTS) return 2;
        for (k = 0; k < n_ints; ++k) n[k] = read_i32();
        n_arrays = read_i32();
        if (n_arrays < 0 || n_arrays > MAX_ARRAYS) return 2;
        for (k = 0; k < n_arrays; ++k) {
            const int32_t elem = read_i32();
            const int32_t len = read_i32();
            a[k] = len < 0 ? NULL : copy_block((long)len * elem);
        }
        if (kind == 1 && n_ints == 12 && n_arrays == 4) {
            const float *act = (const float *)a[3];
            n_out = (long)n[10] * n[11] * n[3];
            bytes = n_out * (long)sizeof(float);
            out = malloc(bytes > 0 ? (size_t)bytes : 1u);
            if (!out) return 3;
            memset(out, 0xA5, (size_t)bytes);
            tinyfit_conv2d_transpose_f32((const float *)a[0], n[0], n[1], n[2],
                                         (const float *)a[1], (const float *)a[2], n[3],
                                         n[4], n[5], n[6], n[7], n[8], n[9],
                                         (float *)out, n[10], n[11], act[0], act[1]);
        } else if (kind == 2 && n_ints == 16 && n_arrays == 5) {
            n_out = (long)n[11] * n[12] * n[4];
            bytes = n_out;
            out = malloc(bytes > 0 ? (size_t)bytes : 1u);
            if (!out) return 3;
            memset(out, 0xA5, (size_t)bytes);
            tinyfit_conv2d_transpose_s8((const int8_t *)a[0], n[0], n[1], n[2], n[3],
                                        (const int8_t *)a[1], (const int32_t *)a[2], n[4],
                                        n[5], n[6], n[7], n[8], n[9], n[10],
                                        (int8_t *)out, n[11], n[12], n[13],
                                        (const int32_t *)a[3], (const int8_t *)a[4], n[14], n[15]);
        } else {
            fprintf(stderr, "bad record: kind %d, %d ints, %d arrays\n", kind, n_ints, n_arrays);
            return 2;
        }
        if (bytes > 0 && fwrite(out, 1, (size_t)bytes, o) != (size_t)bytes) return 4;
        free(out);
        for (k = 0; k < n_arrays; ++k) free(a[k]);
        ++cases;
    }
    if (fclose(o) != 0) return 4;
    free(file);
    printf("CASES %ld\n", cases);
    return 0;
}
