#include "concat_slice_s8.h"
#include <string.h>

void tinyfit_concat_slice_s8(const int8_t *in, int rows, int n, int in_stride, int8_t *out, int out_stride)
{
    int r;
    if (rows <= 0 || n <= 0 || (in == out && in_stride == out_stride)) return;
    if (in_stride == n && out_stride == n) {
        memmove(out, in, (size_t)rows * (size_t)n); /* both contiguous: one block */
        return;
    }
    for (r = 0; r < rows; ++r) memmove(out + r * out_stride, in + r * in_stride, (size_t)n);
}
