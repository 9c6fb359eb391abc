#ifndef TINYFIT_POOL2D_MAX_F32_H
#define TINYFIT_POOL2D_MAX_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D max pooling over an NHWC tensor without batch axis.
 *
 * The window of output cell (oy, ox) starts at input row `oy*stride_h - pad_top` and column
 * `ox*stride_w - pad_left`. Padded (out-of-bounds) cells are ignored, not read as 0; a window
 * with no in-bounds cell yields 0.
 *
 * Views and streaming are as in tinyfit_conv2d_f32: pixel (y, x) starts at
 * `in + (y*in_w + x)*in_stride` / `out + (y*out_w + x)*out_stride`; output pixels are produced
 * in increasing (reverse = 0) or decreasing (reverse = 1) raster order, each reading only its
 * window (its own output slot is used as the accumulator).
 *
 * @param in         Input pixels, `in_h*in_w` of them, `in_stride` elements apart.
 * @param in_h       Input height.
 * @param in_w       Input width.
 * @param c          Channels.
 * @param in_stride  Elements between consecutive input pixels (`c` when contiguous).
 * @param pool_h     Window height.
 * @param pool_w     Window width.
 * @param stride_h   Vertical stride (>= 1).
 * @param stride_w   Horizontal stride (>= 1).
 * @param pad_top    Padding rows above the input.
 * @param pad_left   Padding columns left of the input.
 * @param out        Output pixels, `out_h*out_w` of them, `out_stride` elements apart.
 * @param out_h      Output height.
 * @param out_w      Output width.
 * @param out_stride Elements between consecutive output pixels (`c` when contiguous).
 * @param reverse    0: output pixels in increasing raster order; 1: in decreasing raster order
 *                   (last row, last column first). Results are bit-identical either way.
 */
void tinyfit_pool2d_max_f32(const float *in, int in_h, int in_w, int c, int in_stride,
                            int pool_h, int pool_w, int stride_h, int stride_w,
                            int pad_top, int pad_left,
                            float *out, int out_h, int out_w, int out_stride, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_POOL2D_MAX_F32_H */
