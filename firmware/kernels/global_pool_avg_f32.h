#ifndef TINYFIT_GLOBAL_POOL_AVG_F32_H
#define TINYFIT_GLOBAL_POOL_AVG_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Global average pooling, in float: the pixels are summed in raster order into `out`, then divided by h*w:
 *
 *   out[ch] = (sum over the h*w pixels p of in[p*in_stride + ch]) / (h*w)      (0 when h*w is 0)
 *
 * Input pixels are `in_stride` elements apart (`c` when contiguous; a view may be wider than `c`); `out` is
 * [c], contiguous, and must not overlap the input.
 */
void tinyfit_global_pool_avg_f32(const float *in, int h, int w, int c, int in_stride, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_AVG_F32_H */
