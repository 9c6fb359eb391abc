#ifndef TINYFIT_GLOBAL_AVG_POOL_F32_H
#define TINYFIT_GLOBAL_AVG_POOL_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Global average pooling: `out[ch]` is the mean of channel `ch` over all h*w pixels.
 *
 * @param in  Input, shape [h][w][c].
 * @param h   Input height.
 * @param w   Input width.
 * @param c   Channels.
 * @param out Output, shape [c]; must not alias `in`.
 */
void tinyfit_global_avg_pool_f32(const float *in, int h, int w, int c, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_GLOBAL_AVG_POOL_F32_H */
