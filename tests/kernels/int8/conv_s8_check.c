/*
 * Runs the int8 convolution-family kernels on binary cases written by conv_s8.test.ts and writes
 * every output buffer, whole, to the output file (the test compares it with the TypeScript
 * reference byte for byte). Usage: conv_s8_check <cases> <outputs>.
 *
 * Case record (int32 little-endian): kind, n_ints, ints[n_ints], n_arrays, then per array:
 * elem_size (1 or 4), len (-1 = NULL pointer), len elements. Every array is copied into its own
 * exactly-sized heap block so that AddressSanitizer catches any access outside it.
 * Kinds and their outputs:
 *   1 conv2d, 2 depthwise: ints as the kernel's int parameters in order; arrays in, w, bias, mult,
 *     shift, out (initial contents); output: out.
 *   3 depthwise in place: arrays buf, w, bias, mult, shift; output: buf after the in-place kernel,
 *     then the regular depthwise kernel's output (depth_mult 1, contiguous) on the same input.
 *   4 dense: arrays in, w, bias, mult, shift, out; output: out.
 *   5 affine: arrays in, scale, shift_q, mult, shift, out; ints end with `inplace`: when 1 the
 *     kernel writes into the input buffer (out == in, equal strides), which is the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "affine_s8.h"
#include "conv2d_s8.h"
#include "dense_s8.h"
#include "depthwise_conv2d_inplace_s8.h"
#include "depthwise_conv2d_s8.h"

#define MAX_INTS 32
#define MAX_ARRAYS 8

typedef struct {
    void *data; /* NULL when len < 0 */
    long len;
} array_t;

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

static void write_block(FILE *f, const void *p, long bytes)
{
    if (bytes > 0 && fwrite(p, 1, (size_t)bytes, f) != (size_t)bytes) exit(4);
}

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char *file;
    long size;
    long cases = 0;
    FILE *o;

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
        int32_t ints[MAX_INTS];
        array_t a[MAX_ARRAYS];
        const int kind = read_i32();
        const int n_ints = read_i32();
        int n_arrays, k;
        if (n_ints < 0 || n_ints > MAX_INTS) return 2;
        for (k = 0; k < n_ints; ++k) ints[k] = read_i32();
        n_arrays = read_i32();
        if (n_arrays < 0 || n_arrays > MAX_ARRAYS) return 2;
        for (k = 0; k < n_arrays; ++k) {
            const int32_t elem = read_i32();
            const int32_t len = read_i32();
            a[k].len = len;
            a[k].data = len < 0 ? NULL : copy_block((long)len * elem);
        }
        switch (kind) {
        case 1:
            tinyfit_conv2d_s8((const int8_t *)a[0].data, ints[0], ints[1], ints[2], ints[3], ints[4],
                              (const int8_t *)a[1].data, (const int32_t *)a[2].data, ints[5],
                              ints[6], ints[7], ints[8], ints[9], ints[10], ints[11], ints[12], ints[13],
                              (int8_t *)a[5].data, ints[14], ints[15], ints[16], ints[17],
                              (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                              ints[18], ints[19], ints[20]);
            write_block(o, a[5].data, a[5].len);
            break;
        case 2:
            tinyfit_depthwise_conv2d_s8((const int8_t *)a[0].data, ints[0], ints[1], ints[2], ints[3], ints[4],
                                        (const int8_t *)a[1].data, (const int32_t *)a[2].data, ints[5],
                                        ints[6], ints[7], ints[8], ints[9], ints[10], ints[11], ints[12], ints[13],
                                        (int8_t *)a[5].data, ints[14], ints[15], ints[16], ints[17],
                                        (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                                        ints[18], ints[19], ints[20]);
            write_block(o, a[5].data, a[5].len);
            break;
        case 3: {
            /* ints: in_h in_w c in_zp k_h k_w stride_h stride_w dil_h dil_w pad_top pad_left
             * out_h out_w out_zp act_min act_max */
            const long n_out = (long)ints[12] * ints[13];
            int8_t *temp = (int8_t *)malloc(n_out > 0 ? (size_t)n_out : 1u);
            int8_t *regular = (int8_t *)malloc(n_out * ints[2] > 0 ? (size_t)(n_out * ints[2]) : 1u);
            int8_t *in_copy = (int8_t *)malloc(a[0].len > 0 ? (size_t)a[0].len : 1u);
            if (!temp || !regular || !in_copy) return 3;
            memcpy(in_copy, a[0].data, (size_t)a[0].len);
            tinyfit_depthwise_conv2d_s8(in_copy, ints[0], ints[1], ints[2], ints[2], ints[3],
                                        (const int8_t *)a[1].data, (const int32_t *)a[2].data, 1,
                                        ints[4], ints[5], ints[6], ints[7], ints[8], ints[9], ints[10], ints[11],
                                        regular, ints[12], ints[13], ints[2], ints[14],
                                        (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                                        ints[15], ints[16], 0);
            tinyfit_depthwise_conv2d_inplace_s8((int8_t *)a[0].data, ints[0], ints[1], ints[2], ints[3],
                                                (const int8_t *)a[1].data, (const int32_t *)a[2].data,
                                                ints[4], ints[5], ints[6], ints[7], ints[8], ints[9], ints[10], ints[11],
                                                ints[12], ints[13], temp, ints[14],
                                                (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                                                ints[15], ints[16]);
            write_block(o, a[0].data, a[0].len);
            write_block(o, regular, n_out * ints[2]);
            free(temp);
            free(regular);
            free(in_copy);
            break;
        }
        case 4:
            /* ints: rows in_n in_zp out_n out_zp per_channel act_min act_max */
            tinyfit_dense_s8((const int8_t *)a[0].data, ints[0], ints[1], ints[2],
                             (const int8_t *)a[1].data, (const int32_t *)a[2].data, ints[3],
                             (int8_t *)a[5].data, ints[4], (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                             ints[5], ints[6], ints[7]);
            write_block(o, a[5].data, a[5].len);
            break;
        case 5: {
            /* ints: outer c inner in_stride in_zp out_stride out_zp act_min act_max inplace */
            int8_t *dst = ints[9] ? (int8_t *)a[0].data : (int8_t *)a[5].data;
            tinyfit_affine_s8((const int8_t *)a[0].data, ints[0], ints[1], ints[2], ints[3], ints[4],
                              (const int8_t *)a[1].data, (const int32_t *)a[2].data,
                              dst, ints[5], ints[6], (const int32_t *)a[3].data, (const int8_t *)a[4].data,
                              ints[7], ints[8]);
            if (ints[9]) write_block(o, a[0].data, a[0].len);
            else write_block(o, a[5].data, a[5].len);
            break;
        }
        default:
            fprintf(stderr, "unknown kind %d\n", kind);
            return 2;
        }
        for (k = 0; k < n_arrays; ++k) free(a[k].data);
        ++cases;
    }
    if (fclose(o) != 0) return 4;
    free(file);
    printf("CASES %ld\n", cases);
    return 0;
}
