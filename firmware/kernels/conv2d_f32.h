#ifndef TINYFIT_CONV2D_F32_H
#define TINYFIT_CONV2D_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * 2-D convolution over an NHWC tensor without batch axis, with fused bias and clamp; each output is
 * accumulated in float from the bias in the order kernel row, kernel column, input channel (so results stay
 * within float32 rounding of TF.js):
 *
 *   iy = oy*stride_h - pad_top + ky*dil_h,  ix = ox*stride_w - pad_left + kx*dil_w
 *   out[oy][ox][oc] = clamp(bias[oc] + sum_{ky,kx,ic} in[iy][ix][ic] * w[oc][ky][kx][ic], act_min, act_max)
 *
 * Cells outside the input read as 0. `w` is [out_c][k_h][k_w][in_c]; `bias` [out_c], or NULL for none;
 * strides and dilations are >= 1; `pad_top` / `pad_left` are the zero rows / columns implicitly added above
 * / left of the input; `act_min` / `act_max` are -FLT_MAX / FLT_MAX for no clamp.
 *
 * Views: tensors may be views inside wider tensors: pixel (y, x) of the input starts at
 * `in + (y*in_w + x)*in_stride`, and of the output at `out + (y*out_w + x)*out_stride` (`in_c` / `out_c`
 * when contiguous); only the first `in_c` / `out_c` elements of a pixel are read / written.
 *
 * Streaming: output pixels are produced one whole pixel at a time, in increasing raster order (reverse = 0)
 * or decreasing raster order (reverse = 1: last row, last column first), and pixel p reads only its
 * receptive field and writes only its own slot; the computation of a pixel does not depend on the order, so
 * results are bit-identical either way. `out` may overlap `in` when, with reverse = 0, every pixel's output
 * slot lies below the lowest input element any pixel >= p still reads (write-behind), or, with reverse = 1,
 * every pixel's output slot lies above the highest input element any pixel <= p still reads (write-ahead);
 * otherwise they must not alias.
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
