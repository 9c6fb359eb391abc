/*
 * Int8 fully connected layer for aarch64 Advanced SIMD (Raspberry Pi class Cortex-A cores): the portable
 * kernel's signature and results (dense_s8.h). Four outputs share each widened input row (neon_s8.h dot4) and
 * are requantized together.
 */
#include "dense_s8.h"
#include "neon_s8.h"

void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    const int16x8_t zp16 = vdupq_n_s16((int16_t)in_zp);
    int r, o;

    for (r = 0; r < rows; ++r) {
        const int8_t *in_r = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        for (o = 0; o < out_n;) {
            /* Four rows at once; the last out_n % 4 outputs one at a time (the row repeated). */
            const int nb = out_n - o >= 4 ? 4 : 1;
            int32x4_t acc[4], m, s, y;
            acc[0] = acc[1] = acc[2] = acc[3] = vdupq_n_s32(0);
            tinyfit_neon_dot4(in_r, w + o * in_n, nb == 4 ? in_n : 0, in_n, zp16, acc);
            tinyfit_neon_params(out_mult, out_shift, o, nb, per_channel, &m, &s);
            y = tinyfit_neon_output(vaddq_s32(tinyfit_neon_sum4(acc), tinyfit_neon_bias(bias, o, nb)), m, s,
                                    out_zp, act_min, act_max);
            tinyfit_neon_store(out_r + o, tinyfit_neon_narrow8(y, y), nb);
            o += nb;
        }
    }
}
