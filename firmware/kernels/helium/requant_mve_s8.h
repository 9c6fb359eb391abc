#ifndef TINYFIT_REQUANT_MVE_S8_H
#define TINYFIT_REQUANT_MVE_S8_H

/*
 * Requantization of four int32 accumulators at once for the Helium (MVE) kernel variants, bit-exact with
 * tinyfit_requant (fixedpoint_s8.h), then + output zero point, clamp and a narrowing byte store. Arm MVE
 * intrinsics (arm_mve.h, Arm ACLE "MVE intrinsics").
 *
 * Default double rounding, TFLite's MultiplyByQuantizedMultiplier:
 *   - x << max(shift, 0): VSHL by a vector wraps modulo 2^32 like the portable unsigned shift;
 *   - SaturatingRoundingDoublingHighMul = VQRDMULH: (2ab + 2^31) >> 32 with INT32_MIN·INT32_MIN saturated equals
 *     gemmlowp's (ab + (ab >= 0 ? 2^30 : 1 − 2^30)) / 2^31 truncated, for every ab;
 *   - RoundingDivideByPOT(x, e) = VRSHL(x + fixup, −e) with fixup = −1 when x < 0 and e > 0 (gemmlowp's NEON
 *     form): VRSHL rounds halves up, the −1 turns that into halves away from zero; the add saturates so that
 *     INT32_MIN (remainder 0) stays INT32_MIN.
 * TINYFIT_SINGLE_ROUNDING / TINYFIT_SHIFT_ROUNDING builds run the scalar tinyfit_requant on each lane.
 */
#include <stdint.h>
#include <arm_mve.h>
#include "fixedpoint_s8.h"

static inline int32x4_t tinyfit_mve_requant(int32x4_t x, int32x4_t mult, int32x4_t shift)
{
#if (defined(TINYFIT_SHIFT_ROUNDING) && TINYFIT_SHIFT_ROUNDING) || (defined(TINYFIT_SINGLE_ROUNDING) && TINYFIT_SINGLE_ROUNDING)
    int32_t a[4], m[4], s[4];
    int i;
    vst1q_s32(a, x);
    vst1q_s32(m, mult);
    vst1q_s32(s, shift);
    for (i = 0; i < 4; ++i) a[i] = tinyfit_requant(a[i], m[i], s[i]);
    return vld1q_s32(a);
#else
    const int32x4_t zero = vdupq_n_s32(0);
    const int32x4_t right = vminq_s32(shift, zero); /* -max(-shift, 0) */
    int32x4_t y = vqrdmulhq_s32(vshlq_s32(x, vmaxq_s32(shift, zero)), mult);
    y = vqaddq_s32(y, vshrq_n_s32(vandq_s32(y, right), 31));
    return vrshlq_s32(y, right);
#endif
}

/* + out_zp (modulo 2^32), clamp to [act_min, act_max]. */
static inline int32x4_t tinyfit_mve_finish(int32x4_t y, int32_t out_zp, int32_t act_min, int32_t act_max)
{
    y = vaddq_n_s32(y, out_zp);
    return vminq_s32(vmaxq_s32(y, vdupq_n_s32(act_min)), vdupq_n_s32(act_max));
}

/*
 * Requantizes `acc` for the n (1..4) channels starting at `oc` (per-channel mult/shift) and stores their bytes
 * at `out`.
 */
static inline void tinyfit_mve_store4(int8_t *out, int32x4_t acc, const int32_t *out_mult, const int8_t *out_shift, int oc, int n,
                                      int32_t out_zp, int32_t act_min, int32_t act_max)
{
    const mve_pred16_t p = vctp32q((uint32_t)n);
    const int32x4_t mult = vldrwq_z_s32(out_mult + oc, p);
    const int32x4_t shift = vldrbq_z_s32(out_shift + oc, p);
    vstrbq_p_s32(out, tinyfit_mve_finish(tinyfit_mve_requant(acc, mult, shift), out_zp, act_min, act_max), p);
}

#endif /* TINYFIT_REQUANT_MVE_S8_H */
