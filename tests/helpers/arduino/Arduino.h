/*
 * A host stand-in for <Arduino.h>, written for tinyfit's tests (it is not Arduino's core and copies none of it):
 * just what a generated Arduino library and its example sketch use — `Serial` (begin, `!Serial`, write, flush,
 * readBytes; on stdout/stdin), micros() and millis() (the host's monotonic clock, wrapping at 32 bits as on a board) — and,
 * in host_main.cpp, a main() that runs setup() once and loop() once.
 *
 * What it proves: the library's C files (as C) and its port and sketch (as C++, the way the Arduino build compiles
 * .cpp and .ino files) compile warning-free with the host's gcc/g++ and print the host build's output bytes. Not
 * that the Arduino IDE or arduino-cli builds them; tests/e2e/arduinoLibrary.e2e.test.ts does that part with the
 * Arduino builder and the Arduino AVR core.
 */
#ifndef TINYFIT_TEST_ARDUINO_H
#define TINYFIT_TEST_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** The serial line: stdout for writes, stdin for reads. */
class HostSerial {
 public:
  void begin(unsigned long baud) { (void)baud; }
  /** The line is always open (boards with native USB wait for the host with `while (!Serial)`). */
  explicit operator bool() const { return true; }
  size_t write(const uint8_t *buf, size_t n) { return fwrite(buf, 1, n, stdout); }
  void flush() { fflush(stdout); }
  /** Up to n bytes; fewer only at the end of stdin (a board would give up after its timeout instead). */
  size_t readBytes(char *buf, size_t n) { return fread(buf, 1, n, stdin); }
};

extern HostSerial Serial;

/** Microseconds and milliseconds since an arbitrary start, as 32 bits (like a board's micros() and millis()). */
unsigned long micros(void);
unsigned long millis(void);

/** The sketch's functions. */
void setup(void);
void loop(void);

#endif /* TINYFIT_TEST_ARDUINO_H */
