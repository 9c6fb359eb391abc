/*
 * Int8 fully connected layer for Cortex-M55 Helium (MVE): the portable kernel's signature and results
 * (dense_s8.h). Four outputs at a time: sixteen input bytes are loaded once and multiplied with sixteen weight
 * bytes of each of the four outputs by VMLADAVA.S8 (sixteen products into a 32-bit scalar, modulo 2^32 like the
 * portable sum), the tail predicated (VCTP.8). The input zero point is taken out of the dot product,
 * Σ (in − zp)·w = Σ in·w − zp·Σ w (modulo 2^32), Σ w summed on the fly by VADDVA.S8 (skipped when zp = 0).
 * The four accumulators are requantized together (requant_mve_s8.h).
 */
#include "dense_s8.h"
#include "fixedpoint_s8.h"
#include "requant_mve_s8.h"

void tinyfit_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp,
                      const int8_t *w, const int32_t *bias,
                      int out_n, int8_t *out, int32_t out_zp,
                      const int32_t *out_mult, const int8_t *out_shift, int per_channel,
                      int32_t act_min, int32_t act_max)
{
    const int32_t neg_zp = (int32_t)(0u - (uint32_t)in_zp);
    int r, o, i;

    for (r = 0; r < rows; ++r) {
        const int8_t *x = in + r * in_n;
        int8_t *out_r = out + r * out_n;
        for (o = 0; o < out_n; o += 4) {
            const int n_o = out_n - o < 4 ? out_n - o : 4;
            const mve_pred16_t p4 = vctp32q((uint32_t)n_o);
            /* Outputs past the end reuse the last one's weights; their lanes are not stored. */
            const int8_t *w0 = w + o * in_n;
            const int8_t *w1 = w0 + (n_o > 1 ? in_n : 0);
            const int8_t *w2 = w0 + (n_o > 2 ? 2 * in_n : 0);
            const int8_t *w3 = w0 + (n_o > 3 ? 3 * in_n : 0);
            int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int32x4_t acc, mult, shift;
            if (in_zp != 0) {
                int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int32x4_t s;
                for (i = 0; i < in_n; i += 16) {
                    const mve_pred16_t p = vctp8q((uint32_t)(in_n - i));
                    const int8x16_t xv = vldrbq_z_s8(x + i, p);
                    const int8x16_t v0 = vldrbq_z_s8(w0 + i, p), v1 = vldrbq_z_s8(w1 + i, p);
                    const int8x16_t v2 = vldrbq_z_s8(w2 + i, p), v3 = vldrbq_z_s8(w3 + i, p);
                    a0 = vmladavaq_s8(a0, xv, v0);
                    s0 = vaddvaq_s8(s0, v0);
                    a1 = vmladavaq_s8(a1, xv, v1);
                    s1 = vaddvaq_s8(s1, v1);
                    a2 = vmladavaq_s8(a2, xv, v2);
                    s2 = vaddvaq_s8(s2, v2);
                    a3 = vmladavaq_s8(a3, xv, v3);
                    s3 = vaddvaq_s8(s3, v3);
                }
                s = vsetq_lane_s32(s3, vsetq_lane_s32(s2, vsetq_lane_s32(s1, vdupq_n_s32(s0), 1), 2), 3);
                acc = vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
                acc = vmlaq_n_s32(acc, s, neg_zp); /* − zp·Σw, modulo 2^32 */
            } else {
                for (i = 0; i < in_n; i += 16) {
                    const mve_pred16_t p = vctp8q((uint32_t)(in_n - i));
                    const int8x16_t xv = vldrbq_z_s8(x + i, p);
                    a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0 + i, p));
                    a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1 + i, p));
                    a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2 + i, p));
                    a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3 + i, p));
                }
                acc = vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
            }
            if (bias) acc = vaddq_s32(acc, vldrwq_z_s32(bias + o, p4));
            if (per_channel) {
                mult = vldrwq_z_s32(out_mult + o, p4);
                shift = vldrbq_z_s32(out_shift + o, p4);
            } else {
                mult = vdupq_n_s32(out_mult[0]);
                shift = vdupq_n_s32(out_shift[0]);
            }
            vstrbq_p_s32(out_r + o, tinyfit_mve_finish(tinyfit_mve_requant(acc, mult, shift), out_zp, act_min, act_max), p4);
        }
    }
}
