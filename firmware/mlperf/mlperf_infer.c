/*
 * `infer N W` and `results` (mlperf_infer.h), answered as the reference firmware's ee_infer and th_results are:
 * the input is taken from the db buffer (the reference's th_load_tensor), W warm-ups run, then N timed
 * inferences between two m-lap-us stamps, then the results. The stamps are read at the edges of the timed
 * loop and printed after it, so nothing is printed inside the timed window (the bytes sent are the same).
 *
 * Unlike the reference, an incomplete load is an e-[...] error and nothing runs (the reference prints a plain
 * line and runs on the previous input). Results: int8 outputs as signed decimals (the raw values, exact; the
 * runner reads them as floats and ranks them as it ranks probabilities), float outputs as printf "%0.3f".
 */
#include <string.h>
#include "../model.h"
#include "../port/port.h"
#include "mlperf_config.h"
#include "mlperf_db.h"
#include "mlperf_infer.h"
#include "mlperf_text.h"

/* Whether the model's input was filled from a complete load (then it is refilled before each invoke). */
static int tinyfit_mlperf_input_ready;

uint32_t tinyfit_mlperf_micros(uint64_t ticks) {
  uint64_t hz = tinyfit_port_tick_hz();
  return (uint32_t)((ticks / hz) * 1000000u + (ticks % hz) * 1000000u / hz);
}

void tinyfit_mlperf_put_lap(uint64_t ticks) {
  tinyfit_mlperf_put("m-lap-us-");
  tinyfit_mlperf_put_u32(tinyfit_mlperf_micros(ticks));
  tinyfit_mlperf_put("\r\n");
}

/* Copies the loaded bytes into the model's input (ic01, vww01: the runner's uint8 pixels become byte − 128). */
static void tinyfit_mlperf_fill(void) {
  const tinyfit_tensor_info_t *info = tinyfit_input_info(0);
  const uint8_t *src = tinyfit_mlperf_db_data();
#if TINYFIT_MLPERF_INPUT_UINT8
  int8_t *dst = (int8_t *)tinyfit_input(0);
  size_t i;
  for (i = 0; i < info->bytes; i++) dst[i] = (int8_t)((int)src[i] - 128);
#else
  memcpy(tinyfit_input(0), src, info->bytes);
#endif
}

/* The reference's th_load_tensor: the input from a complete load; 0 (and an e-[...] line) without one. */
static int tinyfit_mlperf_load(void) {
  const tinyfit_tensor_info_t *info = tinyfit_input_info(0);
  size_t loaded = tinyfit_mlperf_db_loaded();
  if (loaded < info->bytes) {
    tinyfit_mlperf_input_ready = 0;
    tinyfit_mlperf_put("e-[Input db has ");
    tinyfit_mlperf_put_u32((uint32_t)loaded);
    tinyfit_mlperf_put(" bytes, expected ");
    tinyfit_mlperf_put_u32((uint32_t)info->bytes);
    tinyfit_mlperf_put("]\r\n");
    return 0;
  }
  tinyfit_mlperf_fill();
  tinyfit_mlperf_input_ready = 1;
  return 1;
}

/* One inference. Where the arena reuses the input's bytes (TINYFIT_MLPERF_INPUT_KEPT 0), the input is refilled
   first, so every inference sees the loaded input: a copy of the input's bytes inside the timed loop. */
static void tinyfit_mlperf_invoke(void) {
#if !TINYFIT_MLPERF_INPUT_KEPT
  if (tinyfit_mlperf_input_ready) tinyfit_mlperf_fill();
#endif
  (void)tinyfit_invoke();
}

void tinyfit_mlperf_infer(char *cursor) {
  int32_t n = 1;
  int32_t w = 10;
  int32_t i;
  uint64_t t0;
  uint64_t t1;
  char *arg = tinyfit_mlperf_token(&cursor);
  if (arg != NULL) {
    n = tinyfit_mlperf_atoi(arg);
    if (n <= 0) {
      tinyfit_mlperf_put("e-[Inference iterations must be >0]\r\n");
      return;
    }
    arg = tinyfit_mlperf_token(&cursor);
    if (arg != NULL) {
      w = tinyfit_mlperf_atoi(arg);
      if (w < 0) {
        tinyfit_mlperf_put("e-[Inference warmup must be >=0]\r\n");
        return;
      }
    }
  }
  if (!tinyfit_mlperf_load()) return;
  tinyfit_mlperf_put("m-warmup-start-");
  tinyfit_mlperf_put_i32(w);
  tinyfit_mlperf_put("\r\n");
  for (i = 0; i < w; i++) tinyfit_mlperf_invoke();
  tinyfit_mlperf_put("m-warmup-done\r\nm-infer-start-");
  tinyfit_mlperf_put_i32(n);
  tinyfit_mlperf_put("\r\n");
  t0 = tinyfit_port_ticks();
  for (i = 0; i < n; i++) {
    tinyfit_mlperf_invoke();
    /* A reading per inference keeps counters extended in software (a 32-bit DWT) exact over long windows. */
    (void)tinyfit_port_ticks();
  }
  t1 = tinyfit_port_ticks();
  tinyfit_mlperf_put_lap(t0);
  tinyfit_mlperf_put_lap(t1);
  tinyfit_mlperf_put("m-infer-done\r\n");
  tinyfit_mlperf_results();
}

#if TINYFIT_MLPERF_RESULT_MSE || !TINYFIT_MLPERF_OUTPUT_INT8
/* Element i of a float32 output 0. */
static float tinyfit_mlperf_output_float(size_t i) {
  float v;
  memcpy(&v, (const uint8_t *)tinyfit_output(0) + 4u * i, sizeof v);
  return v;
}
#endif

void tinyfit_mlperf_results(void) {
  const tinyfit_tensor_info_t *info = tinyfit_output_info(0);
  size_t i;
  tinyfit_mlperf_put("m-results-[");
#if TINYFIT_MLPERF_RESULT_MSE
  {
    /* ad01: mean of (output − input)² over the elements, in float32 and in order, as the reference computes it. */
    const uint8_t *in = tinyfit_mlperf_db_data();
    float sum = 0.0f;
    for (i = 0; i < info->size; i++) {
      float x;
      float d;
      memcpy(&x, in + 4u * i, sizeof x);
      d = tinyfit_mlperf_output_float(i) - x;
      sum += d * d;
    }
    tinyfit_mlperf_put_fixed3(sum / (float)info->size);
  }
#else
  for (i = 0; i < info->size; i++) {
    if (i > 0u) tinyfit_mlperf_put(",");
#if TINYFIT_MLPERF_OUTPUT_INT8
    tinyfit_mlperf_put_i32(((const int8_t *)tinyfit_output(0))[i]);
#else
    tinyfit_mlperf_put_fixed3(tinyfit_mlperf_output_float(i));
#endif
  }
#endif
  tinyfit_mlperf_put("]\r\n");
}
