#include "concat_slice_f32.h"
#include <string.h>

void tinyfit_concat_slice_f32(const float *in, int rows, int n, int in_stride,
                              float *out, int out_stride)
{
    int r;

    if (rows <= 0 || n <= 0 || (in == out && in_stride == out_stride)) return;
    if (in_stride == n && out_stride == n) {
        /* Both sides contiguous: one block. */
        memmove(out, in, (size_t)rows * (size_t)n * sizeof(float));
        return;
    }
    for (r = 0; r < rows; ++r) {
        memmove(out + r * out_stride, in + r * in_stride, (size_t)n * sizeof(float));
    }
}
