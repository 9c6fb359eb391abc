/*
 * The device agent of a generated Cortex-M project, built for the host instead (tests/helpers/nativeAgent.ts):
 * the serial line is stdin/stdout, so the agent can face a paced line with a peer that keeps up with any baud
 * rate (an emulated UART hands over one byte per main-loop turn and cannot). PREFIX is the project's prefix.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "port/port.h"

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define P(name) CAT(PREFIX, name)

void P(_agent_run)(void);
void P(_agent_reset)(void);
uint32_t P(_stack_used)(void);

void P(_port_setup)(void) {}

size_t P(_port_read)(uint8_t *buf, size_t n) {
  return fread(buf, 1, n, stdin);
}

size_t P(_port_write)(const uint8_t *buf, size_t n) {
  size_t done = fwrite(buf, 1, n, stdout);
  return fflush(stdout) == 0 ? done : 0;
}

uint64_t P(_port_ticks)(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t P(_port_tick_hz)(void) {
  return 1000000000u;
}

uint32_t P(_stack_used)(void) {
  return 0;
}

void P(_agent_reset)(void) {
  exit(0);
}

int main(void) {
  P(_agent_run)();
  return 0;
}
