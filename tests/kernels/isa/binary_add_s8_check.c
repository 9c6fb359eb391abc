/*
 * Randomized check of an ISA variant of binary_add_s8 against the portable kernel, on the target core (see
 * conv2d_s8_check.c): ADD and SUB over 1–70 elements with broadcasting (each operand full-size, a single
 * element, a trailing block dividing n, or any length: element i reads x[i % nx]), zero points over the int8
 * range, input and output multipliers from 0 to 0x7FFFFFFF with shifts from -31 to 0 (and sometimes positive
 * shifts or negative multipliers, which take the general path), clamps or none.
 */
#define CHECK_SEED 4242u
#include "check.h"

void ref_binary_add_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n, int32_t a_zp, int32_t a_mult, int a_shift, int32_t b_zp,
                       int32_t b_mult, int b_shift, int32_t out_zp, int32_t out_mult, int out_shift, int is_sub, int32_t act_min, int32_t act_max);
void opt_binary_add_s8(const int8_t *a, int na, const int8_t *b, int nb, int8_t *out, int n, int32_t a_zp, int32_t a_mult, int a_shift, int32_t b_zp,
                       int32_t b_mult, int b_shift, int32_t out_zp, int32_t out_mult, int out_shift, int is_sub, int32_t act_min, int32_t act_max);

#define MAX_N 70
static int8_t a_buf[MAX_N + 3];
static int8_t b_buf[MAX_N + 3];
static int8_t out_ref[MAX_N + 8];
static int8_t out_opt[MAX_N + 8];

/* An operand length for n elements: n, 1, a divisor of n, or any length up to n. */
static int operand_len(int n) {
  const int kind = range(0, 5);
  if (kind <= 2) return n;
  if (kind == 3) return 1;
  if (kind == 4) {
    int d = range(1, n);
    while (n % d) --d;
    return d;
  }
  return range(1, n);
}

/* A multiplier: mostly TFLite's [2^30, 2^31), sometimes the extremes, 0, small or (general path) negative. */
static int32_t multiplier(void) {
  switch (range(0, 9)) {
  case 0: return 0x7FFFFFFF;
  case 1: return 0x40000000;
  case 2: return range(0, 3) ? (int32_t)(rnd() & 0x7FFFFFFFu) : 0;
  case 3: return range(0, 5) ? (int32_t)(rnd() & 0xFFFFu) : -(int32_t)(rnd() & 0x7FFFFFFFu);
  default: return (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
  }
}

/* A shift: mostly -31..0 (the extremes often), sometimes 1..4 (general path). */
static int shift(void) {
  switch (range(0, 9)) {
  case 0: return -31;
  case 1: return 0;
  case 2: return range(0, 4) ? range(-31, 0) : range(1, 4);
  default: return range(-20, 0);
  }
}

int main(void) {
  int cases = CASES, bad = 0, t, i;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    const int n = range(1, MAX_N), na = operand_len(n), nb = operand_len(n), is_sub = range(0, 1);
    const int a_off = range(0, 3), b_off = range(0, 3), o_off = range(0, 3); /* unaligned words */
    const int32_t a_zp = range(-128, 127), b_zp = range(-128, 127), out_zp = range(-128, 127);
    const int32_t a_mult = multiplier(), b_mult = multiplier(), out_mult = multiplier();
    const int a_shift = shift(), b_shift = shift(), out_shift = range(0, 3) ? shift() : range(-12, -1);
    int32_t act_min = -128, act_max = 127;
    if (range(0, 2) == 0) { act_min = range(-128, 0); act_max = range(act_min, 127); }
    for (i = 0; i < na; ++i) a_buf[a_off + i] = (int8_t)(range(0, 7) ? (int)(rnd() & 0xFFu) : (range(0, 1) ? 127 : -128));
    for (i = 0; i < nb; ++i) b_buf[b_off + i] = (int8_t)(range(0, 7) ? (int)(rnd() & 0xFFu) : (range(0, 1) ? 127 : -128));
    memset(out_ref, 0x5A, sizeof out_ref);
    memset(out_opt, 0x5A, sizeof out_opt);
    ref_binary_add_s8(a_buf + a_off, na, b_buf + b_off, nb, out_ref + o_off, n, a_zp, a_mult, a_shift, b_zp, b_mult, b_shift, out_zp, out_mult, out_shift, is_sub, act_min, act_max);
    opt_binary_add_s8(a_buf + a_off, na, b_buf + b_off, nb, out_opt + o_off, n, a_zp, a_mult, a_shift, b_zp, b_mult, b_shift, out_zp, out_mult, out_shift, is_sub, act_min, act_max);
    if (memcmp(out_ref, out_opt, sizeof out_ref) != 0) {
      if (bad == 0) {
        put("first mismatch: case "); put_int(t); put(" n "); put_int(n); put(" na "); put_int(na); put(" nb "); put_int(nb);
        put(" shifts "); put_int(a_shift); put(" "); put_int(b_shift); put(" "); put_int(out_shift); put("\n");
      }
      bad++;
    }
  }
  finish(cases, bad);
  return 0;
}
