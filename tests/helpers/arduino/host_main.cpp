/*
 * The host stand-in's Serial, micros(), millis() and main() (see Arduino.h in this folder): setup() once, loop() once.
 */
#include <time.h>
#include "Arduino.h"

HostSerial Serial;

static uint64_t host_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

unsigned long micros(void) {
  return (uint32_t)host_us();
}

unsigned long millis(void) {
  return (uint32_t)(host_us() / 1000u);
}

int main() {
  setup();
  loop();
  return 0;
}
