/*
 * Randomized check of fixedpoint_s8.h's Thumb-1 tinyfit_srdhm (16-bit halves, no 64-bit product), compiled for
 * Cortex-M0 and run on the core: against gemmlowp's SaturatingRoundingDoublingHighMul written here with a
 * 64-bit product, its nudge and a truncating division, over CASES random pairs (full-range, shifted down to
 * small magnitudes) and every pair of edge values (0, ±1, ±2^15, ±2^16, ±2^30, INT32_MIN/MAX and neighbours).
 */
#define CHECK_SEED 31337u
#include "check.h"
#include "fixedpoint_s8.h"

#if !(defined(__thumb__) && !defined(__thumb2__))
#error "this check is for Thumb-1 (compile with -mcpu=cortex-m0)"
#endif

static int32_t gemmlowp_srdhm(int32_t a, int32_t b) {
  int64_t ab, nudge;
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? ((int64_t)1 << 30) : 1 - ((int64_t)1 << 30);
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

static const int32_t EDGE[] = {0, 1, -1, 2, 32767, -32768, 32768, 65535, 65536, -65536, -65535, 1 << 30, -(1 << 30), INT32_MAX, INT32_MAX - 1, INT32_MIN, INT32_MIN + 1, 0x7FFF8000};
#define N_EDGE ((int)(sizeof EDGE / sizeof EDGE[0]))

int main(void) {
  int cases = CASES, bad = 0, t, i, j;
  model_port_setup();
  for (t = 0; t < cases; ++t) {
    int32_t a = (int32_t)rnd(), b = (int32_t)rnd();
    if (t % 3 == 0) a >>= range(0, 30);
    if (t % 5 == 0) b >>= range(0, 30);
    if (tinyfit_srdhm(a, b) != gemmlowp_srdhm(a, b)) {
      if (bad == 0) { put("first mismatch: "); put_int(a); put(" * "); put_int(b); put("\n"); }
      bad++;
    }
  }
  for (i = 0; i < N_EDGE; ++i)
    for (j = 0; j < N_EDGE; ++j) bad += tinyfit_srdhm(EDGE[i], EDGE[j]) != gemmlowp_srdhm(EDGE[i], EDGE[j]);
  finish(cases + N_EDGE * N_EDGE, bad);
  return 0;
}
