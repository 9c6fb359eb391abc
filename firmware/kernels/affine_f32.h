#ifndef TINYFIT_AFFINE_F32_H
#define TINYFIT_AFFINE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Per-channel affine transform with fused clamp (e.g. folded batch norm), in float:
 *
 *   out[o*out_stride + ch*inner + i] = clamp(x*scale[ch] + shift[ch], act_min, act_max),
 *   x = in[o*in_stride + ch*inner + i]
 *
 * `outer` is the product of the axes before the channel axis, `c` the channel axis size, `inner` the
 * product of the axes after it; `scale` / `shift` have `c` entries; `act_min` / `act_max` are -FLT_MAX /
 * FLT_MAX for no clamp. `in_stride` / `out_stride` are the elements between consecutive `outer` items
 * (`c*inner` when contiguous; for NHWC, `inner` = 1, they are pixel strides, so either side may be a
 * channel slice of a wider tensor). Items `o` are processed in increasing order, each reading only its own
 * elements; `in == out` with equal strides is allowed (in place).
 */
void tinyfit_affine_f32(const float *in, int outer, int c, int inner, int in_stride,
                        const float *scale, const float *shift, float *out, int out_stride,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_AFFINE_F32_H */
