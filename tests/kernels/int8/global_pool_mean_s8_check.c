/*
 * Check driver for tinyfit_global_pool_mean_s8 (tests/kernels/int8/global_pool_mean_s8.test.ts). Reads cases as text, one a line:
 *   h w c in_stride in_zp out_zp mult shift same_params len data[len]
 * where the input has h*w pixels of c channels, `in_stride` elements apart. Each input gets a heap block of
 * exactly its length (AddressSanitizer flags any read outside it). Writes the c output values per line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "global_pool_mean_s8.h"

int main(void)
{
    int h, w, c, stride, in_zp, out_zp, shift, same, len;
    long mult;
    while (scanf("%d %d %d %d %d %d %ld %d %d %d", &h, &w, &c, &stride, &in_zp, &out_zp, &mult, &shift, &same, &len) == 10) {
        int8_t *in = (int8_t *)malloc((size_t)(len > 0 ? len : 1));
        int8_t *out = (int8_t *)malloc((size_t)(c > 0 ? c : 1));
        int i;
        if (!in || !out) return 3;
        for (i = 0; i < len; ++i) {
            int v;
            if (scanf("%d", &v) != 1) return 2;
            in[i] = (int8_t)v;
        }
        tinyfit_global_pool_mean_s8(in, h, w, c, stride, out, in_zp, out_zp, (int32_t)mult, shift, same);
        for (i = 0; i < c; ++i) printf("%d ", out[i]);
        printf("\n");
        free(in);
        free(out);
    }
    return 0;
}
