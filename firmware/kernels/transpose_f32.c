#include "transpose_f32.h"

#define TINYFIT_TRANSPOSE_MAX_RANK 6

void tinyfit_transpose_f32(const float *in, const int *in_shape, const int *perm,
                           int rank, float *out)
{
    int in_stride[TINYFIT_TRANSPOSE_MAX_RANK];
    int out_shape[TINYFIT_TRANSPOSE_MAX_RANK];
    int step[TINYFIT_TRANSPOSE_MAX_RANK]; /* input stride of each output axis */
    int idx[TINYFIT_TRANSPOSE_MAX_RANK];
    int total = 1, off = 0, n, d;

    if (rank < 1 || rank > TINYFIT_TRANSPOSE_MAX_RANK) return;
    for (d = rank - 1; d >= 0; --d) {
        in_stride[d] = total;
        total *= in_shape[d];
    }
    for (d = 0; d < rank; ++d) {
        out_shape[d] = in_shape[perm[d]];
        step[d] = in_stride[perm[d]];
        idx[d] = 0;
    }

    /* Walk the output in order, carrying an odometer over output axes and updating
     * the input offset incrementally instead of recomputing it per element. */
    for (n = 0; n < total; ++n) {
        out[n] = in[off];
        for (d = rank - 1; d >= 0; --d) {
            off += step[d];
            if (++idx[d] < out_shape[d]) break;
            off -= step[d] * out_shape[d];
            idx[d] = 0;
        }
    }
}
