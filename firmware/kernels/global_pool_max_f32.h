#ifndef TINYFIT_GLOBAL_POOL_MAX_F32_H
#define TINYFIT_GLOBAL_POOL_MAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Global max pooling, in float:
 *
 *   out[ch] = max over the h*w pixels p of in[p*in_stride + ch]      (0 when h*w is 0)
 *
 * Input pixels are `in_stride` elements apart (`c` when contiguous; a view may be wider than `c`); `out` is
 * [c], contiguous, and must not overlap the input.
 */
void tinyfit_global_pool_max_f32(const float *in, int h, int w, int c, int in_stride, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_MAX_F32_H */
