/*
 * What the randomized ISA-variant checks share (tests/kernels/isa/<kernel>_check.c): a seeded xorshift generator
 * (CHECK_SEED, defined by the includer before this header), integer output on the port's UART, and the end of the
 * emulation (Arm semihosting SYS_EXIT; exit() on a Linux port, e.g. the neon checks under qemu-aarch64).
 */
#ifndef TINYFIT_ISA_CHECK_H
#define TINYFIT_ISA_CHECK_H

#include <stdint.h>
#include <string.h>
#include "port/port.h"
#if defined(__linux__)
#include <stdlib.h>
#endif

static uint32_t rng_state = CHECK_SEED;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}
#if defined(CHECK_EDGES) && CHECK_EDGES
/* Edge mode: one draw in four is an end of its range (zero points -128 / 127, extreme shifts, tight clamps). */
static int range(int lo, int hi) {
  const uint32_t r = rnd();
  if ((r & 7u) == 0u) return lo;
  if ((r & 7u) == 1u) return hi;
  return lo + (int)((r >> 3) % (uint32_t)(hi - lo + 1));
}
#else
static int range(int lo, int hi) { return lo + (int)(rnd() % (uint32_t)(hi - lo + 1)); }
#endif

static void put(const char *s) { model_port_write((const uint8_t *)s, strlen(s)); }
static void put_int(long v) {
  char b[24];
  int n = 0;
  unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
  do { b[n++] = (char)('0' + u % 10u); u /= 10u; } while (u);
  if (v < 0) b[n++] = '-';
  while (n) model_port_write((const uint8_t *)&b[--n], 1);
}

/* Prints the summary line the test reads and ends the emulation. */
static void finish(int cases, int bad) {
  put("cases "); put_int(cases); put(" mismatches "); put_int(bad); put("\n");
#if defined(__linux__)
  exit(0);
#else
  __asm__ volatile("movs r0, #0x18\n\tldr r1, =0x20026\n\tbkpt 0xab" ::: "r0", "r1", "memory");
  for (;;) {
  }
#endif
}

#endif /* TINYFIT_ISA_CHECK_H */
