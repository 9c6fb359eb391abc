#ifndef TINYFIT_PAD_F32_H
#define TINYFIT_PAD_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Zero padding of the spatial axes of an NHWC tensor without batch axis:
 *
 *   out[top + y][left + x][ch] = in[y][x][ch]; every other cell of `out` is 0
 *
 * `in` is [h][w][c]; `out` is [top + h + bottom][left + w + right][c] and must not alias `in`; `top`,
 * `left`, `bottom`, `right` (>= 0) are the zero rows / columns added above, left, below and right.
 */
void tinyfit_pad_f32(const float *in, int h, int w, int c,
                     int top, int left, int bottom, int right, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PAD_F32_H */
