#include "quantize_s8.h"
#include <math.h>

void tinyfit_quantize_s8(const float *in, int n, int8_t *out, float scale, int32_t zp)
{
    int i;
    for (i = 0; i < n; i++) {
        /* One float32 division (as TFLite), then the rounding; the clamp is done in double so values far
         * outside the int8 range saturate instead of overflowing an int conversion. */
        const float v = in[i] / scale;
        double r;
        if (v != v) {
            out[i] = (int8_t)zp;
            continue;
        }
        r = (double)roundf(v) + (double)zp;
        out[i] = (int8_t)(r < -128.0 ? -128 : (r > 127.0 ? 127 : (int)r));
    }
}
