/* Stub of the port for host builds of the agent: byte I/O on stdin/stdout, ticks from clock(). */
#include <stddef.h>
#include <stdint.h>
size_t tinyfit_port_read(uint8_t *buf, size_t n); size_t tinyfit_port_write(const uint8_t *buf, size_t n);
uint64_t tinyfit_port_tick_hz(void); uint64_t tinyfit_port_ticks(void);
