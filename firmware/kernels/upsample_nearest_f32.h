#ifndef TINYFIT_UPSAMPLE_NEAREST_F32_H
#define TINYFIT_UPSAMPLE_NEAREST_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Nearest-neighbour upsampling of an NHWC tensor without batch axis by integer factors:
 * `out[y][x][ch] = in[y / scale_h][x / scale_w][ch]`, output shape [h*scale_h][w*scale_w][c].
 *
 * @param in      Input, shape [h][w][c].
 * @param h       Input height.
 * @param w       Input width.
 * @param c       Channels.
 * @param scale_h Vertical factor (>= 1).
 * @param scale_w Horizontal factor (>= 1).
 * @param out     Output; must not alias `in`.
 */
void tinyfit_upsample_nearest_f32(const float *in, int h, int w, int c,
                                  int scale_h, int scale_w, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_UPSAMPLE_NEAREST_F32_H */
