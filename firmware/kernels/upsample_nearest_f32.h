#ifndef TINYFIT_UPSAMPLE_NEAREST_F32_H
#define TINYFIT_UPSAMPLE_NEAREST_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Nearest-neighbour upsampling of an NHWC tensor without batch axis by integer factors (values copied
 * unchanged):
 *
 *   out[y][x][ch] = in[y / scale_h][x / scale_w][ch]
 *
 * `in` is [h][w][c]; `out` is [h*scale_h][w*scale_w][c] and must not alias `in`; `scale_h` /
 * `scale_w` >= 1.
 */
void tinyfit_upsample_nearest_f32(const float *in, int h, int w, int c,
                                  int scale_h, int scale_w, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_UPSAMPLE_NEAREST_F32_H */
