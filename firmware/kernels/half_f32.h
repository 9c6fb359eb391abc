#ifndef TINYFIT_HALF_F32_H
#define TINYFIT_HALF_F32_H

#include <stdint.h>
#include <string.h>

/**
 * IEEE 754 binary16 bits -> float, exactly (every half is a float): normals, subnormals, +-0, +-Inf,
 * and NaN (sign and payload kept). Integer bit manipulation only: no _Float16, no FPU half support, and
 * no float32 subnormal is ever formed, so flush-to-zero modes do not change the result.
 */
static inline float tinyfit_half_to_f32(uint16_t h)
{
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    const uint32_t exp = (uint32_t)(h >> 10) & 0x1fu;
    const uint32_t mant = (uint32_t)h & 0x3ffu;
    uint32_t bits;
    float f;
    if (exp == 0x1fu) {
        bits = sign | 0x7f800000u | (mant << 13); /* Inf, or NaN with its payload */
    } else if (exp != 0u) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13); /* rebias 15 -> 127 */
    } else if (mant == 0u) {
        bits = sign; /* +-0 */
    } else {
        /* Subnormal mant * 2^-24: normalize so bit 10 is the implicit 1. */
        uint32_t m = mant;
        uint32_t e = 113u; /* float exponent field of 2^-14 */
        while ((m & 0x400u) == 0u) {
            m <<= 1;
            --e;
        }
        bits = sign | (e << 23) | ((m & 0x3ffu) << 13);
    }
    memcpy(&f, &bits, sizeof f);
    return f;
}

#endif /* TINYFIT_HALF_F32_H */
