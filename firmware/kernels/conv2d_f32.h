#ifndef TINYFIT_CONV2D_F32_H
#define TINYFIT_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp.
 *
 * Output cell (oy, ox, oc) reads input rows `oy*stride_h - pad_top + ky*dil_h` and columns
 * `ox*stride_w - pad_left + kx*dil_w`; cells outside the input read as 0. Each output is
 * accumulated in float from the bias in the order kernel row, kernel column, input channel.
 *
 * Tensors may be views inside wider tensors: pixel (y, x) of the input starts at
 * `in + (y*in_w + x)*in_stride`, and of the output at `out + (y*out_w + x)*out_stride`; only the
 * first `in_c` / `out_c` elements of a pixel are read / written.
 *
 * Streaming: output pixels are produced one whole pixel at a time, in increasing raster order
 * (reverse = 0) or decreasing raster order (reverse = 1), and pixel p reads only its receptive
 * field and writes only its own slot; the computation of a pixel does not depend on the order.
 * So `out` may overlap `in` when, with reverse = 0, every pixel's output slot lies below the
 * lowest input element any pixel >= p still reads (write-behind), or, with reverse = 1, every
 * pixel's output slot lies above the highest input element any pixel <= p still reads
 * (write-ahead); otherwise they must not alias.
 *
 * @param in         Input pixels, `in_h*in_w` of them, `in_stride` elements apart.
 * @param in_h       Input height.
 * @param in_w       Input width.
 * @param in_c       Input channels.
 * @param in_stride  Elements between consecutive input pixels (`in_c` when contiguous).
 * @param w          Weights, shape [out_c][k_h][k_w][in_c].
 * @param bias       Bias, shape [out_c], or NULL for none.
 * @param out_c      Output channels.
 * @param k_h        Kernel height.
 * @param k_w        Kernel width.
 * @param stride_h   Vertical stride (>= 1).
 * @param stride_w   Horizontal stride (>= 1).
 * @param dil_h      Vertical dilation (>= 1).
 * @param dil_w      Horizontal dilation (>= 1).
 * @param pad_top    Zero rows implicitly added above the input.
 * @param pad_left   Zero columns implicitly added left of the input.
 * @param out        Output pixels, `out_h*out_w` of them, `out_stride` elements apart.
 * @param out_h      Output height.
 * @param out_w      Output width.
 * @param out_stride Elements between consecutive output pixels (`out_c` when contiguous).
 * @param act_min    Lower clamp (-FLT_MAX for none).
 * @param act_max    Upper clamp (FLT_MAX for none).
 * @param reverse    0: output pixels in increasing raster order; 1: in decreasing raster order
 *                   (last row, last column first). Results are bit-identical either way.
 */
void tinyfit_conv2d_f32(const float *in, int in_h, int in_w, int in_c, int in_stride,
                        const float *w, const float *bias, int out_c,
                        int k_h, int k_w, int stride_h, int stride_w,
                        int dil_h, int dil_w, int pad_top, int pad_left,
                        float *out, int out_h, int out_w, int out_stride,
                        float act_min, float act_max, int reverse);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_CONV2D_F32_H */
