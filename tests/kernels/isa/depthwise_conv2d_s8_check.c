/*
 * Randomized check of an ISA variant of depthwise_conv2d_s8 against the portable kernel, on the target core
 * (see conv2d_s8_check.c): 1–9 rows/columns, 1–24 channels, depth multiplier 1 (mostly) to 3, kernels 1–5,
 * strides 1–3, dilations 1–2,
 * padding), pixel strides wider than the channels, zero points over the whole int8 range, multipliers and
 * shifts to the extremes, clamps, bias or none, reverse order. Prints "cases N mismatches M" and ends the
 * emulation; the first mismatch is printed with its case.
 */
#define CHECK_SEED 4242u
#include "check.h"

void ref_depthwise_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp, const int8_t *w, const int32_t *bias, int depth_mult,
                   int k_h, int k_w, int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left,
                   int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                   int32_t act_min, int32_t act_max, int reverse);
void opt_depthwise_conv2d_s8(const int8_t *in, int in_h, int in_w, int in_c, int in_stride, int32_t in_zp, const int8_t *w, const int32_t *bias, int depth_mult,
                   int k_h, int k_w, int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left,
                   int8_t *out, int out_h, int out_w, int out_stride, int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift,
                   int32_t act_min, int32_t act_max, int reverse);

static int8_t in_buf[9 * 9 * 32];
static int8_t w_buf[5 * 5 * 72];
static int32_t bias_buf[72];
static int32_t mult_buf[72];
static int8_t shift_buf[72];
static int8_t out_ref[11 * 11 * 80]; /* out_h, out_w <= 9 + 2 (padding and the random extra) */
static int8_t out_opt[11 * 11 * 80];

int main(void) {
  int cases = CASES, bad = 0, t, i;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    const int in_h = range(1, 9), in_w = range(1, 9), in_c = range(1, 24), in_stride = in_c + (range(0, 3) == 0 ? range(1, 8) : 0);
    const int depth_mult = range(0, 3) == 0 ? range(2, 3) : 1, out_c = in_c * depth_mult, out_stride = out_c + (range(0, 3) == 0 ? range(1, 7) : 0);
    const int k_h = range(1, 5), k_w = range(1, 5), s_h = range(1, 3), s_w = range(1, 3), d_h = range(1, 2), d_w = range(1, 2);
    const int pad_top = range(0, k_h - 1), pad_left = range(0, k_w - 1);
    const int span_h = (k_h - 1) * d_h + 1, span_w = (k_w - 1) * d_w + 1;
    int out_h = (in_h + pad_top + range(0, 2) - span_h) / s_h + 1, out_w = (in_w + pad_left + range(0, 2) - span_w) / s_w + 1;
    const int32_t in_zp = range(-128, 127), out_zp = range(-128, 127);
    int32_t act_min = -128, act_max = 127;
    const int with_bias = range(0, 3) != 0, reverse = range(0, 4) == 0;
    if (out_h < 1) out_h = 1;
    if (out_w < 1) out_w = 1;
    if (range(0, 2) == 0) { act_min = range(-128, 0); act_max = range(act_min, 127); }
    for (i = 0; i < in_h * in_w * in_stride; ++i) in_buf[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < k_h * k_w * out_c; ++i) w_buf[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < out_c; ++i) {
      const int extreme = range(0, 5);
      bias_buf[i] = extreme == 0 ? (int32_t)rnd() : range(-100000, 100000);
      mult_buf[i] = extreme == 1 ? 0x7FFFFFFF : (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      shift_buf[i] = (int8_t)(extreme == 2 ? -31 : extreme == 3 ? range(0, 4) : range(-12, -1));
    }
    memset(out_ref, 0x5A, sizeof out_ref);
    memset(out_opt, 0x5A, sizeof out_opt);
    ref_depthwise_conv2d_s8(in_buf, in_h, in_w, in_c, in_stride, in_zp, w_buf, with_bias ? bias_buf : 0, depth_mult, k_h, k_w, s_h, s_w, d_h, d_w, pad_top, pad_left,
                  out_ref, out_h, out_w, out_stride, out_zp, mult_buf, shift_buf, act_min, act_max, reverse);
    opt_depthwise_conv2d_s8(in_buf, in_h, in_w, in_c, in_stride, in_zp, w_buf, with_bias ? bias_buf : 0, depth_mult, k_h, k_w, s_h, s_w, d_h, d_w, pad_top, pad_left,
                  out_opt, out_h, out_w, out_stride, out_zp, mult_buf, shift_buf, act_min, act_max, reverse);
    if (memcmp(out_ref, out_opt, sizeof out_ref) != 0) {
      if (bad == 0) {
        put("first mismatch: case "); put_int(t); put(" in "); put_int(in_h); put("x"); put_int(in_w); put("x"); put_int(in_c);
        put(" stride "); put_int(in_stride); put(" mult "); put_int(depth_mult); put(" k "); put_int(k_h); put("x"); put_int(k_w);
        put(" s "); put_int(s_h); put(","); put_int(s_w); put(" d "); put_int(d_h); put(","); put_int(d_w); put("\n");
      }
      bad++;
    }
  }
  finish(cases, bad);
  return 0;
}
