#ifndef TINYFIT_AVG_POOL2D_F32_H
#define TINYFIT_AVG_POOL2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D average pooling over an NHWC tensor without batch axis.
 *
 * Window geometry is as in tinyfit_max_pool2d_f32. Padded cells are ignored: the divisor is the
 * number of in-bounds cells in the window. A window with no in-bounds cell yields 0.
 *
 * @param in       Input, shape [in_h][in_w][c].
 * @param in_h     Input height.
 * @param in_w     Input width.
 * @param c        Channels.
 * @param pool_h   Window height.
 * @param pool_w   Window width.
 * @param stride_h Vertical stride (>= 1).
 * @param stride_w Horizontal stride (>= 1).
 * @param pad_top  Padding rows above the input.
 * @param pad_left Padding columns left of the input.
 * @param out      Output, shape [out_h][out_w][c]; must not alias `in`.
 * @param out_h    Output height.
 * @param out_w    Output width.
 */
void tinyfit_avg_pool2d_f32(const float *in, int in_h, int in_w, int c,
                            int pool_h, int pool_w, int stride_h, int stride_w,
                            int pad_top, int pad_left,
                            float *out, int out_h, int out_w);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_AVG_POOL2D_F32_H */
