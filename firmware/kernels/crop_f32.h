#ifndef TINYFIT_CROP_F32_H
#define TINYFIT_CROP_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Crops the spatial axes of an NHWC tensor without batch axis:
 * `out[y][x][ch] = in[y + top][x + left][ch]`.
 *
 * @param in    Input, shape [in_h][in_w][c].
 * @param in_h  Input height.
 * @param in_w  Input width.
 * @param c     Channels.
 * @param top   Rows removed above (>= 0).
 * @param left  Columns removed left (>= 0).
 * @param out   Output, shape [out_h][out_w][c]; must not alias `in`.
 * @param out_h Output height (top + out_h <= in_h).
 * @param out_w Output width (left + out_w <= in_w).
 */
void tinyfit_crop_f32(const float *in, int in_h, int in_w, int c, int top, int left,
                      float *out, int out_h, int out_w);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CROP_F32_H */
