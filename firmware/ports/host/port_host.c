/*
 * Port 'host': the serial line is stdin/stdout (binary), the counter is clock_gettime(CLOCK_MONOTONIC) in
 * nanoseconds (no wrap in practice). POSIX (Linux, macOS >= 10.12).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include "port.h"
#include "posix_ticks.h"

void tinyfit_port_setup(void) {
  /* stdio needs no bring-up on POSIX (binary and text streams are the same). */
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  return fread(buf, 1, n, stdin);
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t done = fwrite(buf, 1, n, stdout);
  if (fflush(stdout) != 0) return 0;
  return done;
}
