#ifndef TINYFIT_POOL2D_MAX_F32_H
#define TINYFIT_POOL2D_MAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D max pooling over an NHWC tensor without batch axis, in float:
 *
 *   window of (oy, ox): rows oy*stride_h - pad_top + [0, pool_h), columns ox*stride_w - pad_left + [0, pool_w)
 *   out[oy][ox][ch] = max of in[y][x][ch] over the in-bounds cells of the window
 *
 * Padded (out-of-bounds) cells are ignored, not read as 0; a window with no in-bounds cell yields 0.
 * `stride_h` / `stride_w` are >= 1; `pad_top` / `pad_left` are the padding rows / columns above / left of
 * the input. Views and streaming are as in tinyfit_conv2d_f32: pixel (y, x) starts at
 * `in + (y*in_w + x)*in_stride` / `out + (y*out_w + x)*out_stride` (`c` when contiguous); output pixels are
 * produced in increasing (reverse = 0) or decreasing (reverse = 1: last row, last column first) raster
 * order, each reading only its window (its own output slot is used as the accumulator); results are
 * bit-identical either way.
 */
void tinyfit_pool2d_max_f32(const float *in, int in_h, int in_w, int c, int in_stride,
                            int pool_h, int pool_w, int stride_h, int stride_w,
                            int pad_top, int pad_left,
                            float *out, int out_h, int out_w, int out_stride, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_POOL2D_MAX_F32_H */
