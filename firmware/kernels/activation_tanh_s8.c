#include "activation_tanh_s8.h"
#include "gemmlowp_s8.h"

void tinyfit_activation_tanh_s8(const int8_t *in, int in_stride, int8_t *out, int out_stride, int rows, int n, int32_t in_zp,
                     int32_t input_range_radius, int32_t input_multiplier, int input_left_shift)
{
    int r;
    int j;
    for (r = 0; r < rows; r++) {
        const int8_t *src = in + (long)r * in_stride;
        int8_t *dst = out + (long)r * out_stride;
        for (j = 0; j < n; j++) {
            const int32_t x = (int32_t)src[j] - in_zp;
            int32_t y;
            if (x <= -input_range_radius) {
                y = -128;
            } else if (x >= input_range_radius) {
                y = 127;
            } else {
                /* |x| < radius keeps x << shift within int32; the argument is Q4.27, the result Q0.31. */
                const int32_t in_q4 = tinyfit_gl_mul_by_quantized_multiplier(x, input_multiplier, input_left_shift);
                y = tinyfit_clamp_s32(tinyfit_rdbpot(tinyfit_gl_tanh(in_q4, 4), 24), -128, 127);
            }
            dst[j] = (int8_t)y;
        }
    }
}
