/*
 * Port 'pl011': boards whose serial line is an Arm PrimeCell UART (PL011): the RP2040 (Raspberry Pi Pico), the
 * TI Stellaris parts (and QEMU's lm3s6965evb model of one). Registers (PL011 Technical Reference Manual): DR at
 * +0x000, FR at +0x018 (RXFE bit 4, TXFF bit 5), IBRD at +0x024, FBRD at +0x028, LCR_H at +0x02C (WLEN bits 6:5,
 * FEN bit 4), CR at +0x030 (UARTEN bit 0, TXE bit 8, RXE bit 9). The baud divisor clock / (16 × baud) is split
 * into a 16-bit integer part and a 6-bit fraction. The UART at TINYFIT_PORT_UART_BASE runs from
 * TINYFIT_PORT_UART_CLOCK_HZ (uart.clock); the descriptor's setup steps start that clock, take the UART out of
 * reset and route its pins. The counter is the core clock cycle counter (cortexm_ticks.h: DWT or SysTick).
 */
#include "port.h"
#include "cortexm_ticks.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port pl011 needs the UART's base address: uart.base in the target descriptor"
#endif
#ifndef TINYFIT_PORT_UART_CLOCK_HZ
#error "port pl011 needs the UART's clock: uart.clock or coreClock in the target descriptor"
#endif

#define TINYFIT_REG(offset) (*(volatile uint32_t *)(TINYFIT_PORT_UART_BASE + (offset)))
#define TINYFIT_UART_DR TINYFIT_REG(0x000u)
#define TINYFIT_UART_FR TINYFIT_REG(0x018u)
#define TINYFIT_UART_IBRD TINYFIT_REG(0x024u)
#define TINYFIT_UART_FBRD TINYFIT_REG(0x028u)
#define TINYFIT_UART_LCR_H TINYFIT_REG(0x02Cu)
#define TINYFIT_UART_CR TINYFIT_REG(0x030u)

void tinyfit_port_setup(void) {
  /* 64 × clock / (16 × baud), rounded: the integer part above 6 bits, the fraction in them. */
  uint32_t div64 = (uint32_t)((4u * (uint64_t)TINYFIT_PORT_UART_CLOCK_HZ + TINYFIT_PORT_UART_BAUD / 2u) / TINYFIT_PORT_UART_BAUD);
  TINYFIT_UART_CR = 0u; /* disabled while configured */
  TINYFIT_UART_IBRD = div64 >> 6;
  TINYFIT_UART_FBRD = div64 & 0x3Fu;
  TINYFIT_UART_LCR_H = (3u << 5) | (1u << 4); /* 8 bits, no parity, 1 stop bit, FIFOs on; latches the divisor */
  TINYFIT_UART_CR = (1u << 9) | (1u << 8) | 1u; /* RXE, TXE, UARTEN */
  tinyfit_ticks_start();
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_FR & (1u << 4)) != 0u) {
    }
    buf[i] = (uint8_t)TINYFIT_UART_DR;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_FR & (1u << 5)) != 0u) {
    }
    TINYFIT_UART_DR = buf[i];
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  return tinyfit_ticks_now();
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_CORE_HZ;
}
