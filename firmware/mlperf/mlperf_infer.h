/*
 * Inference in the MLPerf Tiny mode: `infer N W` and `results`, and the `m-lap-us-N` timestamps (the port's
 * ticks in microseconds).
 */
#ifndef TINYFIT_MLPERF_INFER_H
#define TINYFIT_MLPERF_INFER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Microseconds of the tick counter (ticks · 10^6 / tick rate, rounded down), modulo 2^32. */
uint32_t tinyfit_mlperf_micros(uint64_t ticks);

/** Prints "m-lap-us-<microseconds>\r\n" for a reading of the tick counter. */
void tinyfit_mlperf_put_lap(uint64_t ticks);

/** Answers `infer [N [W]]`; `cursor` points after "infer" (tokenized in place). */
void tinyfit_mlperf_infer(char *cursor);

/** Prints "m-results-[...]\r\n": the output values, or for ad01 the mean squared reconstruction error. */
void tinyfit_mlperf_results(void);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_MLPERF_INFER_H */
