#include "softmax_s8.h"
#include "gemmlowp_s8.h"

/* exp(beta * s * diff) in Q0.31 for diff = q - max >= diff_min: the scaled difference is Q5.26. */
static int32_t tinyfit_softmax_s8_exp(int32_t diff, int32_t input_multiplier, int input_left_shift)
{
    /* MultiplyByQuantizedMultiplierGreaterThanOne: |diff| << shift stays below 31 * 2^26 by diff_min. */
    const int32_t scaled = tinyfit_srdhm((int32_t)((uint32_t)diff << input_left_shift), input_multiplier);
    return tinyfit_gl_exp_neg(scaled, 5);
}

void tinyfit_softmax_s8(const int8_t *in, int outer, int n, int inner, int8_t *out, int32_t input_multiplier,
                        int input_left_shift, int32_t diff_min)
{
    int o;
    int i;
    int c;
    for (o = 0; o < outer; o++) {
        for (i = 0; i < inner; i++) {
            const long base = (long)o * n * inner + i;
            int32_t max = -128;
            uint32_t sum = 0; /* Q12.19 sum of exps; unsigned so an (out-of-contract) overflow is defined */
            int headroom;
            int32_t reciprocal;
            int exponent;
            for (c = 0; c < n; c++) {
                const int32_t v = in[base + (long)c * inner];
                if (v > max) max = v;
            }
            for (c = 0; c < n; c++) {
                const int32_t diff = in[base + (long)c * inner] - max;
                if (diff >= diff_min) {
                    sum += (uint32_t)tinyfit_rdbpot(tinyfit_softmax_s8_exp(diff, input_multiplier, input_left_shift), 12);
                }
            }
            /* GetReciprocal: normalise sum to [1, 2), 1/sum = reciprocal * 2^-(12 - headroom) (sum >= 1.0 here). */
            headroom = tinyfit_gl_clz32(sum);
            reciprocal = tinyfit_gl_one_over_one_plus_x((int32_t)((sum << headroom) - 0x80000000u));
            exponent = 12 - headroom + 31 - 8;
            if (exponent > 31) exponent = 31; /* outside the precondition: keeps the shift defined */
            /* Second pass recomputes exp (no scratch buffer); reading in[c] before writing out[c] allows in place. */
            for (c = 0; c < n; c++) {
                const long k = base + (long)c * inner;
                const int32_t diff = in[k] - max;
                int32_t y = -128;
                if (diff >= diff_min) {
                    const int32_t e = tinyfit_softmax_s8_exp(diff, input_multiplier, input_left_shift);
                    y = tinyfit_clamp_s32(tinyfit_rdbpot(tinyfit_srdhm(reciprocal, e), exponent) - 128, -128, 127);
                }
                out[k] = (int8_t)y;
            }
        }
    }
}
