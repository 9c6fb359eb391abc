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
 * Element-wise `out[i] = clamp(a[i] op b[i])` on two same-shape tensors (no broadcasting).
 * `out` may equal `a` and/or `b`. Unknown `fn` values behave as ADD.
 *
 * Broadcasting: element i reads `a[i % na]` and `b[i % nb]`, so an operand that repeats over leading axes
 * ([1,1,C] against [H,W,C]) is passed with its own size. `na` and `nb` must divide `n`.
 *
 * @param a       First operand, `na` elements.
 * @param na      Elements of `a`.
 * @param b       Second operand, `nb` elements.
 * @param nb      Elements of `b`.
 * @param out     Result, `n` elements; may equal `a` or `b` when that operand has `n` elements.
 * @param n       Element count.
 * @param fn      One of the TINYFIT_BIN_* values (SUB computes a - b).
 * @param act_min Lower clamp (-FLT_MAX for none).
 * @param act_max Upper clamp (FLT_MAX for none).
 */
void tinyfit_binary_f32(const float *a, int na, const float *b, int nb, float *out, int n, int fn,
                        float act_min, float act_max);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_BINARY_F32_H */
