/*
 * Port 'nrf-uart': Nordic nRF51 and nRF52 boards (BBC micro:bit and QEMU's microbit model of it; Arduino Nano 33
 * BLE). The serial line is the UART peripheral (the nRF51 UART, kept as UART0 on the nRF52: TASKS_STARTRX at
 * +0x000, TASKS_STARTTX at +0x008, EVENTS_RXDRDY at +0x108, EVENTS_TXDRDY at +0x11C, ENABLE at +0x500 (4),
 * PSELTXD at +0x50C, PSELRXD at +0x514, RXD at +0x518, TXD at +0x51C, BAUDRATE at +0x524; nRF51 Reference
 * Manual, UART chapter) at TINYFIT_PORT_UART_BASE, on the board's pins TINYFIT_PORT_UART_TX_PIN /
 * TINYFIT_PORT_UART_RX_PIN when given; the counter is the core clock cycle counter (cortexm_ticks.h: DWT or SysTick).
 */
#include "port.h"
#include "cortexm_ticks.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port nrf-uart needs the UART's base address: uart.base in the target descriptor"
#endif

#define TINYFIT_REG(offset) (*(volatile uint32_t *)(TINYFIT_PORT_UART_BASE + (offset)))
#define TINYFIT_UART_STARTRX TINYFIT_REG(0x000u)
#define TINYFIT_UART_STARTTX TINYFIT_REG(0x008u)
#define TINYFIT_UART_RXDRDY TINYFIT_REG(0x108u)
#define TINYFIT_UART_TXDRDY TINYFIT_REG(0x11Cu)
#define TINYFIT_UART_ENABLE TINYFIT_REG(0x500u)
#define TINYFIT_UART_PSELTXD TINYFIT_REG(0x50Cu)
#define TINYFIT_UART_PSELRXD TINYFIT_REG(0x514u)
#define TINYFIT_UART_RXD TINYFIT_REG(0x518u)
#define TINYFIT_UART_TXD TINYFIT_REG(0x51Cu)
#define TINYFIT_UART_BAUDRATE TINYFIT_REG(0x524u)

/* BAUDRATE register value for 115200 baud (nRF51/nRF52 reference manuals); other rates: 9600. */
#define TINYFIT_UART_BAUD_115200 0x01D7E000u
#define TINYFIT_UART_BAUD_9600 0x00275000u

void tinyfit_port_setup(void) {
#ifdef TINYFIT_PORT_UART_TX_PIN
  TINYFIT_UART_PSELTXD = TINYFIT_PORT_UART_TX_PIN;
#endif
#ifdef TINYFIT_PORT_UART_RX_PIN
  TINYFIT_UART_PSELRXD = TINYFIT_PORT_UART_RX_PIN;
#endif
  TINYFIT_UART_BAUDRATE = TINYFIT_PORT_UART_BAUD == 115200u ? TINYFIT_UART_BAUD_115200 : TINYFIT_UART_BAUD_9600;
  TINYFIT_UART_ENABLE = 4u;
  TINYFIT_UART_RXDRDY = 0u;
  TINYFIT_UART_STARTRX = 1u;
  TINYFIT_UART_TXDRDY = 0u;
  TINYFIT_UART_STARTTX = 1u;
  tinyfit_ticks_start();
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while (TINYFIT_UART_RXDRDY == 0u) {
    }
    TINYFIT_UART_RXDRDY = 0u;
    buf[i] = (uint8_t)TINYFIT_UART_RXD;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    TINYFIT_UART_TXD = buf[i];
    while (TINYFIT_UART_TXDRDY == 0u) {
    }
    TINYFIT_UART_TXDRDY = 0u;
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  return tinyfit_ticks_now();
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_CORE_HZ;
}
