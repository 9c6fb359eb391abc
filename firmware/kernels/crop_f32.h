#ifndef TINYFIT_CROP_F32_H
#define TINYFIT_CROP_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Spatial crop of an NHWC tensor without batch axis (values copied unchanged):
 *
 *   out[y][x][ch] = in[y + top][x + left][ch]      for y < out_h, x < out_w
 *
 * `in` is [in_h][in_w][c]; `out` is [out_h][out_w][c] and must not alias `in`; `top` / `left` (>= 0) are
 * the rows / columns removed above / left, with top + out_h <= in_h and left + out_w <= in_w.
 */
void tinyfit_crop_f32(const float *in, int in_h, int in_w, int c, int top, int left,
                      float *out, int out_h, int out_w);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CROP_F32_H */
