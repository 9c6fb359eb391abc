/*
 * The host stand-in's Serial, micros() and main() (see Arduino.h in this folder): setup() once, loop() once.
 */
#include <time.h>
#include "Arduino.h"

HostSerial Serial;

unsigned long micros(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

int main() {
  setup();
  loop();
  return 0;
}
