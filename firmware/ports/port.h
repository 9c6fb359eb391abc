/*
 * The port contract: everything a generated runner needs from a board, and nothing else. A port
 * (firmware/ports/<port>/, selected by the target descriptor's "port") implements these five functions for
 * three concerns: setup, byte I/O on the serial line, and a tick counter. See firmware/ports/README.md.
 *
 * Generated projects get this header as port/port.h with the `tinyfit_` / `TINYFIT_` prefix rewritten to the
 * model's, next to port/port_config.h (generated from the descriptor: clock, baud, timer).
 */
#ifndef TINYFIT_PORT_H
#define TINYFIT_PORT_H

#include <stddef.h>
#include <stdint.h>
#include "port_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Brings up what the other functions use (clocks, the serial line at TINYFIT_PORT_UART_BAUD, the counter).
 * Called once, before any other port function.
 */
void tinyfit_port_setup(void);

/**
 * Reads up to n bytes from the serial line into buf, blocking until n bytes have arrived or the line has ended.
 * Returns the number of bytes read: n, or less only when the line has ended (end of input on the host; a
 * board's line never ends, so there it always returns n).
 */
size_t tinyfit_port_read(uint8_t *buf, size_t n);

/**
 * Writes n bytes from buf to the serial line, blocking until they are handed to the line (and flushed:
 * a reader on the other end sees them without waiting for more). Returns n, or less if the line failed.
 */
size_t tinyfit_port_write(const uint8_t *buf, size_t n);

/**
 * A free-running tick counter, for timing. Its rate is tinyfit_port_tick_hz() ticks per second: CPU cycles
 * where the port counts cycles (DWT, mcycle), microseconds (esp_timer, micros), nanoseconds (clock_gettime).
 * The difference of two readings (in uint64_t) is the elapsed ticks, provided the interval is shorter than the
 * counter's wrap period, which each port documents (2^32 cycles for a bare DWT; none for clock_gettime).
 */
uint64_t tinyfit_port_ticks(void);

/** Ticks per second of tinyfit_port_ticks() (may depend on clocks configured by setup). */
uint64_t tinyfit_port_tick_hz(void);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PORT_H */
