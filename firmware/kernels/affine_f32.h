#ifndef TINYFIT_AFFINE_F32_H
#define TINYFIT_AFFINE_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Per-channel affine transform with fused clamp (e.g. folded batch norm):
 * element (o, ch, i) at `(o*c + ch)*inner + i` becomes `clamp(x*scale[ch] + shift[ch])`.
 * `in == out` is allowed.
 *
 * @param in      Input, shape [outer][c][inner].
 * @param outer   Product of the axes before the channel axis.
 * @param c       Channel axis size.
 * @param inner   Product of the axes after the channel axis.
 * @param scale   Per-channel scale, shape [c].
 * @param shift   Per-channel shift, shape [c].
 * @param out     Output, same shape as `in`.
 * @param act_min Lower clamp (-FLT_MAX for none).
 * @param act_max Upper clamp (FLT_MAX for none).
 */
void tinyfit_affine_f32(const float *in, int outer, int c, int inner,
                        const float *scale, const float *shift, float *out,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_AFFINE_F32_H */
