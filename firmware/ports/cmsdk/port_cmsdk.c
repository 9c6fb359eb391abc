/*
 * Port 'cmsdk': Arm's MPS2/MPS3 FPGA boards (and QEMU's mps2-an386/an500/an505, mps3-an547 models of them).
 * The serial line is a CMSDK APB UART (Arm CoreLink SDK: DATA at +0x00, STATE at +0x04 with bit 0 TX full and
 * bit 1 RX full, CTRL at +0x08 with bit 0 TX enable and bit 1 RX enable, BAUDDIV at +0x10) at
 * TINYFIT_PORT_UART_BASE, its baud divisor from TINYFIT_PORT_UART_CLOCK_HZ; the counter is the core clock cycle
 * counter (cortexm_ticks.h: DWT or SysTick), TINYFIT_PORT_CORE_HZ ticks per second.
 */
#include "port.h"
#include "cortexm_ticks.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port cmsdk needs the UART's base address: uart.base in the target descriptor"
#endif

#define TINYFIT_REG(addr) (*(volatile uint32_t *)(addr))
#define TINYFIT_UART_DATA TINYFIT_REG(TINYFIT_PORT_UART_BASE + 0x00u)
#define TINYFIT_UART_STATE TINYFIT_REG(TINYFIT_PORT_UART_BASE + 0x04u)
#define TINYFIT_UART_CTRL TINYFIT_REG(TINYFIT_PORT_UART_BASE + 0x08u)
#define TINYFIT_UART_BAUDDIV TINYFIT_REG(TINYFIT_PORT_UART_BASE + 0x10u)

void tinyfit_port_setup(void) {
  uint32_t div = (uint32_t)(TINYFIT_PORT_UART_CLOCK_HZ / TINYFIT_PORT_UART_BAUD);
  TINYFIT_UART_BAUDDIV = div < 16u ? 16u : div;
  TINYFIT_UART_CTRL = 0x3u; /* TX and RX enabled */
  tinyfit_ticks_start();
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_STATE & 0x2u) == 0u) {
    }
    buf[i] = (uint8_t)TINYFIT_UART_DATA;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_STATE & 0x1u) != 0u) {
    }
    TINYFIT_UART_DATA = buf[i];
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  return tinyfit_ticks_now();
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_CORE_HZ;
}
