#ifndef TINYFIT_GLOBAL_POOL_MAX_F32_H
#define TINYFIT_GLOBAL_POOL_MAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Global max pooling: `out[ch]` is the maximum of channel `ch` over all h*w pixels
 * (0 when h*w is 0).
 *
 * @param in        Input pixels, `h*w` of them, `in_stride` elements apart (a view may be wider
 *                  than `c`).
 * @param h         Input height.
 * @param w         Input width.
 * @param c         Channels.
 * @param in_stride Elements between consecutive input pixels (`c` when contiguous).
 * @param out       Output, shape [c] (contiguous); must not overlap the input.
 */
void tinyfit_global_pool_max_f32(const float *in, int h, int w, int c, int in_stride, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_POOL_MAX_F32_H */
