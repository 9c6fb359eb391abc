/*
 * Port 'arduino': any board with an Arduino core. The serial line is `Serial` (USB CDC or UART0, opened at
 * TINYFIT_PORT_UART_BAUD), the counter is micros(): microseconds (1 MHz), extended here from its 32 bits to 64 by
 * counting wraps, which needs a reading at least once per wrap period of 2^32 us (71.6 minutes). Its resolution is
 * the core's (4 us on 16 MHz AVR boards). C++, since the Arduino API is; the functions keep the C linkage port.h
 * declares.
 */
#include <Arduino.h>
#include "port.h"

#ifndef TINYFIT_PORT_UART_BAUD
#define TINYFIT_PORT_UART_BAUD 115200UL /* the descriptor has no uart.baud: the Arduino examples' usual speed */
#endif

void tinyfit_port_setup(void) {
  unsigned long t0;
  Serial.begin(TINYFIT_PORT_UART_BAUD);
  /* Boards with native USB: wait (up to 3 s, so a board without a host still runs) until the host opens the port,
     so the first lines are not lost. */
  t0 = millis();
  while (!Serial && millis() - t0 < 3000ul) {
  }
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t got = 0;
  /* readBytes gives up after Serial's timeout (1 s by default); a board's line never ends, so keep reading. */
  while (got < n) got += Serial.readBytes(reinterpret_cast<char *>(buf) + got, n - got);
  return got;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t done = Serial.write(buf, n);
  Serial.flush();
  return done;
}

uint64_t tinyfit_port_ticks(void) {
  static uint32_t last;
  static uint64_t high;
  uint32_t now = (uint32_t)micros();
  if (now < last) high += (uint64_t)1 << 32;
  last = now;
  return high | now;
}

uint64_t tinyfit_port_tick_hz(void) {
  return 1000000u;
}
