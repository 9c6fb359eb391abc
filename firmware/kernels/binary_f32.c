#include "binary_f32.h"

static float tinyfit_binary_f32_clamp(float y, float lo, float hi)
{
    return y < lo ? lo : (y > hi ? hi : y);
}

void tinyfit_binary_f32(const float *a, const float *b, float *out, int n, int fn,
                        float act_min, float act_max)
{
    /* out[i] depends only on a[i] and b[i], so out == a or out == b is safe.
     * The switch sits outside the loops to keep them branch-free. */
    int i;

    switch (fn) {
    case TINYFIT_BIN_SUB:
        for (i = 0; i < n; ++i) out[i] = tinyfit_binary_f32_clamp(a[i] - b[i], act_min, act_max);
        break;
    case TINYFIT_BIN_MUL:
        for (i = 0; i < n; ++i) out[i] = tinyfit_binary_f32_clamp(a[i] * b[i], act_min, act_max);
        break;
    case TINYFIT_BIN_MAX:
        for (i = 0; i < n; ++i) {
            const float y = a[i] > b[i] ? a[i] : b[i];
            out[i] = tinyfit_binary_f32_clamp(y, act_min, act_max);
        }
        break;
    case TINYFIT_BIN_MIN:
        for (i = 0; i < n; ++i) {
            const float y = a[i] < b[i] ? a[i] : b[i];
            out[i] = tinyfit_binary_f32_clamp(y, act_min, act_max);
        }
        break;
    case TINYFIT_BIN_ADD:
    default:
        for (i = 0; i < n; ++i) out[i] = tinyfit_binary_f32_clamp(a[i] + b[i], act_min, act_max);
        break;
    }
}
