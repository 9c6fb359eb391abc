/*
 * Randomized check of an ISA variant of dense_s8 against the portable kernel, on the target core (see
 * conv2d_s8_check.c): 1–4 rows, 1–70 inputs, 1–11 outputs, zero points over the int8 range, per-tensor or
 * per-channel requantization with extreme multipliers and shifts, clamps, bias or none.
 */
#define CHECK_SEED 777u
#include "check.h"

void ref_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp, const int8_t *w, const int32_t *bias, int out_n, int8_t *out, int32_t out_zp,
                  const int32_t *out_mult, const int8_t *out_shift, int per_channel, int32_t act_min, int32_t act_max);
void opt_dense_s8(const int8_t *in, int rows, int in_n, int32_t in_zp, const int8_t *w, const int32_t *bias, int out_n, int8_t *out, int32_t out_zp,
                  const int32_t *out_mult, const int8_t *out_shift, int per_channel, int32_t act_min, int32_t act_max);

static int8_t in_buf[4 * 70];
static int8_t w_buf[11 * 70];
static int32_t bias_buf[11];
static int32_t mult_buf[11];
static int8_t shift_buf[11];
static int8_t out_ref[4 * 11];
static int8_t out_opt[4 * 11];

int main(void) {
  int cases = CASES, bad = 0, t, i;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    const int rows = range(1, 4), in_n = range(1, 70), out_n = range(1, 11), per_channel = range(0, 1), with_bias = range(0, 3) != 0;
    const int32_t in_zp = range(-128, 127), out_zp = range(-128, 127);
    int32_t act_min = -128, act_max = 127;
    if (range(0, 2) == 0) { act_min = range(-128, 0); act_max = range(act_min, 127); }
    for (i = 0; i < rows * in_n; ++i) in_buf[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < out_n * in_n; ++i) w_buf[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < out_n; ++i) {
      const int extreme = range(0, 5);
      bias_buf[i] = extreme == 0 ? (int32_t)rnd() : range(-100000, 100000);
      mult_buf[i] = extreme == 1 ? 0x7FFFFFFF : (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      shift_buf[i] = (int8_t)(extreme == 2 ? -31 : extreme == 3 ? range(0, 4) : range(-12, -1));
    }
    memset(out_ref, 0x5A, sizeof out_ref);
    memset(out_opt, 0x5A, sizeof out_opt);
    ref_dense_s8(in_buf, rows, in_n, in_zp, w_buf, with_bias ? bias_buf : 0, out_n, out_ref, out_zp, mult_buf, shift_buf, per_channel, act_min, act_max);
    opt_dense_s8(in_buf, rows, in_n, in_zp, w_buf, with_bias ? bias_buf : 0, out_n, out_opt, out_zp, mult_buf, shift_buf, per_channel, act_min, act_max);
    if (memcmp(out_ref, out_opt, sizeof out_ref) != 0) {
      if (bad == 0) { put("first mismatch: case "); put_int(t); put(" rows "); put_int(rows); put(" in "); put_int(in_n); put(" out "); put_int(out_n); put("\n"); }
      bad++;
    }
  }
  finish(cases, bad);
  return 0;
}
