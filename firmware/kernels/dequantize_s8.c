#include "dequantize_s8.h"

void tinyfit_dequantize_s8(const int8_t *in, int n, float *out, float scale, int32_t zp)
{
    int i;
    for (i = 0; i < n; i++) out[i] = scale * (float)((int32_t)in[i] - zp);
}
