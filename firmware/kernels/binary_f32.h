#ifndef TINYFIT_BINARY_F32_H
#define TINYFIT_BINARY_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/** Element-wise operations understood by tinyfit_binary_f32 (`fn`). */
enum {
    TINYFIT_BIN_ADD = 0,
    TINYFIT_BIN_SUB = 1,
    TINYFIT_BIN_MUL = 2,
    TINYFIT_BIN_MAX = 3,
    TINYFIT_BIN_MIN = 4
};

/**
 * Element-wise binary operation with fused clamp, in float:
 *
 *   out[i] = clamp(a[i % na] op b[i % nb], act_min, act_max)      op: ADD, SUB (a - b), MUL, MAX, MIN
 *
 * `fn` is one of the TINYFIT_BIN_* values; unknown values behave as ADD. Broadcasting: an operand that
 * repeats over leading axes ([1,1,C] against [H,W,C]) is passed with its own size; `na` and `nb` must
 * divide `n`. `act_min` / `act_max` are -FLT_MAX / FLT_MAX for no clamp. `out` may equal `a` or `b` when
 * that operand has `n` elements.
 */
void tinyfit_binary_f32(const float *a, int na, const float *b, int nb, float *out, int n, int fn,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_F32_H */
