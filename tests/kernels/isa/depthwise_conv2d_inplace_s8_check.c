/*
 * Randomized check of an ISA variant of depthwise_conv2d_inplace_s8 against the portable kernel, on the target
 * core (see conv2d_s8_check.c): the same buffer given to both (copies), compared whole afterwards; 1–12
 * rows/columns, 1–20 channels, 3x3 windows half the time (the variants' fixed path), else 1–5 with dilations
 * 1–2, strides 1–3, padding, zero points over the int8 range, extreme multipliers and shifts, clamps.
 */
#define CHECK_SEED 99u
#include "check.h"

void ref_depthwise_conv2d_inplace_s8(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp, const int8_t *w, const int32_t *bias, int k_h, int k_w,
                                     int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left, int out_h, int out_w, int8_t *temp,
                                     int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift, int32_t act_min, int32_t act_max);
void opt_depthwise_conv2d_inplace_s8(int8_t *buf, int in_h, int in_w, int c, int32_t in_zp, const int8_t *w, const int32_t *bias, int k_h, int k_w,
                                     int stride_h, int stride_w, int dil_h, int dil_w, int pad_top, int pad_left, int out_h, int out_w, int8_t *temp,
                                     int32_t out_zp, const int32_t *out_mult, const int8_t *out_shift, int32_t act_min, int32_t act_max);

static int8_t buf_ref[12 * 12 * 20];
static int8_t buf_opt[12 * 12 * 20];
static int8_t temp_ref[12 * 12];
static int8_t temp_opt[12 * 12];
static int8_t w_buf[5 * 5 * 20];
static int32_t bias_buf[20];
static int32_t mult_buf[20];
static int8_t shift_buf[20];

int main(void) {
  int cases = CASES, bad = 0, t, i;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    const int in_h = range(1, 12), in_w = range(1, 12), c = range(1, 20), three = range(0, 1);
    const int k_h = three ? 3 : range(1, 5), k_w = three ? 3 : range(1, 5), d_h = three ? 1 : range(1, 2), d_w = three ? 1 : range(1, 2);
    const int s_h = range(1, 3), s_w = range(1, 3), pad_top = range(0, k_h - 1), pad_left = range(0, k_w - 1);
    const int span_h = (k_h - 1) * d_h + 1, span_w = (k_w - 1) * d_w + 1;
    int out_h = (in_h + 2 * pad_top - span_h) / s_h + 1, out_w = (in_w + 2 * pad_left - span_w) / s_w + 1;
    const int32_t in_zp = range(-128, 127), out_zp = range(-128, 127);
    int32_t act_min = -128, act_max = 127;
    const int with_bias = range(0, 3) != 0;
    if (out_h < 1) out_h = 1;
    if (out_w < 1) out_w = 1;
    if (out_h > in_h) out_h = in_h;
    if (out_w > in_w) out_w = in_w;
    if (range(0, 2) == 0) { act_min = range(-128, 0); act_max = range(act_min, 127); }
    for (i = 0; i < in_h * in_w * c; ++i) buf_ref[i] = buf_opt[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < k_h * k_w * c; ++i) w_buf[i] = (int8_t)(rnd() & 0xFFu);
    for (i = 0; i < c; ++i) {
      const int extreme = range(0, 5);
      bias_buf[i] = extreme == 0 ? (int32_t)rnd() : range(-100000, 100000);
      mult_buf[i] = extreme == 1 ? 0x7FFFFFFF : (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
      shift_buf[i] = (int8_t)(extreme == 2 ? -31 : extreme == 3 ? range(0, 4) : range(-12, -1));
    }
    ref_depthwise_conv2d_inplace_s8(buf_ref, in_h, in_w, c, in_zp, w_buf, with_bias ? bias_buf : 0, k_h, k_w, s_h, s_w, d_h, d_w, pad_top, pad_left, out_h, out_w,
                                    temp_ref, out_zp, mult_buf, shift_buf, act_min, act_max);
    opt_depthwise_conv2d_inplace_s8(buf_opt, in_h, in_w, c, in_zp, w_buf, with_bias ? bias_buf : 0, k_h, k_w, s_h, s_w, d_h, d_w, pad_top, pad_left, out_h, out_w,
                                    temp_opt, out_zp, mult_buf, shift_buf, act_min, act_max);
    if (memcmp(buf_ref, buf_opt, (size_t)(in_h * in_w * c)) != 0) {
      if (bad == 0) {
        put("first mismatch: case "); put_int(t); put(" in "); put_int(in_h); put("x"); put_int(in_w); put("x"); put_int(c);
        put(" k "); put_int(k_h); put("x"); put_int(k_w); put(" s "); put_int(s_h); put(","); put_int(s_w); put(" pad "); put_int(pad_top); put(","); put_int(pad_left); put("\n");
      }
      bad++;
    }
  }
  finish(cases, bad);
  return 0;
}
