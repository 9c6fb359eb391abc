#ifndef TINYFIT_AFFINE_F32_H
#define TINYFIT_AFFINE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Per-channel affine transform with fused clamp (e.g. folded batch norm): element (o, ch, i),
 * read at `in[o*in_stride + ch*inner + i]`, becomes `clamp(x*scale[ch] + shift[ch])` at
 * `out[o*out_stride + ch*inner + i]`. Contiguous tensors have `in_stride = out_stride = c*inner`;
 * for NHWC (`inner` = 1) the strides are pixel strides, so either side may be a channel slice of a
 * wider tensor. Items `o` are processed in increasing order, each reading only its own elements;
 * `in == out` with equal strides is allowed (in place).
 *
 * @param in         Input, `outer` items of [c][inner], `in_stride` elements apart.
 * @param outer      Product of the axes before the channel axis.
 * @param c          Channel axis size.
 * @param inner      Product of the axes after the channel axis.
 * @param in_stride  Elements between consecutive `outer` items of the input.
 * @param scale      Per-channel scale, shape [c].
 * @param shift      Per-channel shift, shape [c].
 * @param out        Output, `outer` items of [c][inner], `out_stride` elements apart.
 * @param out_stride Elements between consecutive `outer` items of the output.
 * @param act_min    Lower clamp (-FLT_MAX for none).
 * @param act_max    Upper clamp (FLT_MAX for none).
 */
void tinyfit_affine_f32(const float *in, int outer, int c, int inner, int in_stride,
                        const float *scale, const float *shift, float *out, int out_stride,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_AFFINE_F32_H */
