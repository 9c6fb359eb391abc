#include "transpose_s8.h"

#define TINYFIT_TRANSPOSE_S8_MAX_RANK 6

void tinyfit_transpose_s8(const int8_t *in, const int *in_shape, const int *perm, int rank, int8_t *out)
{
    int in_stride[TINYFIT_TRANSPOSE_S8_MAX_RANK];
    int out_shape[TINYFIT_TRANSPOSE_S8_MAX_RANK];
    int step[TINYFIT_TRANSPOSE_S8_MAX_RANK]; /* input stride of each output axis */
    int idx[TINYFIT_TRANSPOSE_S8_MAX_RANK];
    int total = 1, off = 0, n, d;

    if (rank < 1 || rank > TINYFIT_TRANSPOSE_S8_MAX_RANK) return;
    for (d = rank - 1; d >= 0; --d) {
        in_stride[d] = total;
        total *= in_shape[d];
    }
    for (d = 0; d < rank; ++d) {
        out_shape[d] = in_shape[perm[d]];
        step[d] = in_stride[perm[d]];
        idx[d] = 0;
    }
    /* Odometer over the output axes; the input offset is updated incrementally. */
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
