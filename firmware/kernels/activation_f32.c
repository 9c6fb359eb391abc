#include "activation_f32.h"
#include <math.h>

/* Only ever exponentiates a non-positive value, so expf cannot overflow. */
static float tinyfit_activation_f32_sigmoid(float x)
{
    float e;
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    e = expf(x);
    return e / (1.0f + e);
}

/* One run of n elements. */
static void tinyfit_activation_f32_run(const float *in, float *out, int n, int fn,
                                       float p0, float p1, float p2)
{
    /* Every case reads in[i] before writing out[i], so in == out is safe. */
    int i;

    switch (fn) {
    case TINYFIT_ACT_RELU:
        for (i = 0; i < n; ++i) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
        break;
    case TINYFIT_ACT_RELU6:
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
        }
        break;
    case TINYFIT_ACT_SIGMOID:
        for (i = 0; i < n; ++i) out[i] = tinyfit_activation_f32_sigmoid(in[i]);
        break;
    case TINYFIT_ACT_HARD_SIGMOID:
        for (i = 0; i < n; ++i) {
            const float y = 0.2f * in[i] + 0.5f;
            out[i] = y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
        }
        break;
    case TINYFIT_ACT_TANH:
        for (i = 0; i < n; ++i) out[i] = tanhf(in[i]);
        break;
    case TINYFIT_ACT_ELU:
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x > 0.0f ? x : p0 * (expf(x) - 1.0f);
        }
        break;
    case TINYFIT_ACT_SELU:
        /* 1.7580993408473768 = scale * alpha, rounded once (as TF.js does). */
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x > 0.0f ? 1.0507009873554805f * x
                              : 1.7580993408473768f * (expf(x) - 1.0f);
        }
        break;
    case TINYFIT_ACT_SOFTPLUS:
        /* Past 20, log(1 + e^x) == x in float and expf would overflow near 89. */
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x > 20.0f ? x : log1pf(expf(x));
        }
        break;
    case TINYFIT_ACT_SOFTSIGN:
        for (i = 0; i < n; ++i) out[i] = in[i] / (1.0f + fabsf(in[i]));
        break;
    case TINYFIT_ACT_SWISH:
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x * tinyfit_activation_f32_sigmoid(x);
        }
        break;
    case TINYFIT_ACT_LEAKY_RELU:
        for (i = 0; i < n; ++i) out[i] = in[i] < 0.0f ? p0 * in[i] : in[i];
        break;
    case TINYFIT_ACT_RELU_EX:
        /* p0 = max_value, p1 = threshold, p2 = negative_slope. */
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x >= p0 ? p0 : (x > p1 ? x : p2 * (x - p1));
        }
        break;
    case TINYFIT_ACT_SCALE:
        for (i = 0; i < n; ++i) out[i] = p0 * in[i];
        break;
    case TINYFIT_ACT_HARD_SWISH:
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            const float t = x + 3.0f;
            const float r = t < 0.0f ? 0.0f : (t > 6.0f ? 6.0f : t);
            out[i] = x * r / 6.0f;
        }
        break;
    case TINYFIT_ACT_RELU_N1_TO_1:
        for (i = 0; i < n; ++i) {
            const float x = in[i];
            out[i] = x < -1.0f ? -1.0f : (x > 1.0f ? 1.0f : x);
        }
        break;
    case TINYFIT_ACT_LINEAR:
    default:
        if (out != in) {
            for (i = 0; i < n; ++i) out[i] = in[i];
        }
        break;
    }
}

void tinyfit_activation_f32(const float *in, int in_stride, float *out, int out_stride,
                            int rows, int n, int fn, float p0, float p1, float p2)
{
    int r;

    if (rows <= 0 || n <= 0) return;
    if (rows == 1 || (in_stride == n && out_stride == n)) {
        /* Flat: contiguous rows form one run. */
        tinyfit_activation_f32_run(in, out, rows * n, fn, p0, p1, p2);
        return;
    }
    for (r = 0; r < rows; ++r) {
        tinyfit_activation_f32_run(in + r * in_stride, out + r * out_stride, n, fn, p0, p1, p2);
    }
}
