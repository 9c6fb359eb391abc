/*
 * The tick counter of the POSIX ports (host, linux): clock_gettime(CLOCK_MONOTONIC) in nanoseconds, 10^9 per
 * second, 64-bit (no wrap in practice). Included by the port's .c file (after its feature-test macro: at least
 * _POSIX_C_SOURCE 199309L), which gets the contract's tinyfit_port_ticks and tinyfit_port_tick_hz from it.
 */
#ifndef TINYFIT_POSIX_TICKS_H
#define TINYFIT_POSIX_TICKS_H

#include <stdint.h>
#include <time.h>

uint64_t tinyfit_port_ticks(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t tinyfit_port_tick_hz(void) {
  return 1000000000u;
}

#endif /* TINYFIT_POSIX_TICKS_H */
