/*
 * Randomized check of an ISA variant of pool2d_avg_s8 against the portable kernel, on the target core (see
 * conv2d_s8_check.c): inputs up to 20×20 with 1–13 channels and pixel strides above the channel count, windows
 * 1×1 to 20×20 (more than 256 in-bounds cells: the int32 path), strides 1–3, paddings that leave windows partly
 * or wholly outside, both raster orders, clamps; one case in ten fills a 16×16 window with -128 or 127 (the int16
 * lanes' extreme sums) or a 17×16 one (272 cells: a sum beyond int16, the int32 path).
 */
#define CHECK_SEED 9001u
#include "check.h"

void ref_pool2d_avg_s8(const int8_t *in, int in_h, int in_w, int c, int in_stride, int pool_h, int pool_w, int stride_h, int stride_w, int pad_top,
                       int pad_left, int8_t *out, int out_h, int out_w, int out_stride, int32_t zp, int32_t act_min, int32_t act_max, int reverse);
void opt_pool2d_avg_s8(const int8_t *in, int in_h, int in_w, int c, int in_stride, int pool_h, int pool_w, int stride_h, int stride_w, int pad_top,
                       int pad_left, int8_t *out, int out_h, int out_w, int out_stride, int32_t zp, int32_t act_min, int32_t act_max, int reverse);

#define MAX_HW 20
#define MAX_STRIDE 16
static int8_t in_buf[MAX_HW * MAX_HW * MAX_STRIDE + 4];
static int8_t out_ref[24 * 24 * MAX_STRIDE];
static int8_t out_opt[24 * 24 * MAX_STRIDE];

int main(void) {
  int cases = CASES, bad = 0, t, i;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    const int extreme = range(0, 9) == 0;
    const int in_h = extreme ? 17 : range(1, MAX_HW), in_w = extreme ? 16 : range(1, MAX_HW), c = range(1, 13), in_stride = c + range(0, 3);
    const int pool_h = extreme ? range(16, 17) : (range(0, 7) ? range(1, 6) : range(1, MAX_HW)), pool_w = extreme ? 16 : (range(0, 7) ? range(1, 6) : range(1, MAX_HW));
    const int stride_h = range(1, 3), stride_w = range(1, 3);
    const int pad_top = extreme ? 0 : range(0, pool_h), pad_left = extreme ? 0 : range(0, pool_w);
    const int out_h = extreme ? 1 : range(1, (in_h + 2 * pad_top) / stride_h + 1), out_w = extreme ? 1 : range(1, (in_w + 2 * pad_left) / stride_w + 1);
    const int out_stride = c + range(0, 3), reverse = range(0, 1);
    const int32_t zp = range(-128, 127);
    const int fill = range(0, 1) ? -128 : 127;
    int32_t act_min = -128, act_max = 127;
    if (range(0, 2) == 0) { act_min = range(-128, 0); act_max = range(act_min, 127); }
    if (out_h > 24 || out_w > 24) { --t; continue; }
    for (i = 0; i < in_h * in_w * in_stride; ++i) in_buf[i] = (int8_t)(extreme ? fill : (int)(rnd() & 0xFFu));
    memset(out_ref, 0x5A, sizeof out_ref);
    memset(out_opt, 0x5A, sizeof out_opt);
    ref_pool2d_avg_s8(in_buf, in_h, in_w, c, in_stride, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, out_ref, out_h, out_w, out_stride, zp, act_min, act_max, reverse);
    opt_pool2d_avg_s8(in_buf, in_h, in_w, c, in_stride, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left, out_opt, out_h, out_w, out_stride, zp, act_min, act_max, reverse);
    if (memcmp(out_ref, out_opt, sizeof out_ref) != 0) {
      if (bad == 0) {
        put("first mismatch: case "); put_int(t); put(" in "); put_int(in_h); put("x"); put_int(in_w); put("x"); put_int(c); put(" pool "); put_int(pool_h); put("x");
        put_int(pool_w); put("\n");
      }
      bad++;
    }
  }
  finish(cases, bad);
  return 0;
}
