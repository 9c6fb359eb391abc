/*
 * Port 'stm32-usart-v2': STM32 L4/L4+, F7, H7, G0/G4 and later parts, whose USARTs and LPUARTs have the second
 * register layout (CR1 at +0x00 with UE bit 0, RE bit 2, TE bit 3; BRR at +0x0C; ISR at +0x1C with ORE bit 3, RXNE
 * bit 5, TXE bit 7; ICR at +0x20 with ORECF bit 3; RDR at +0x24; TDR at +0x28: the USART/LPUART chapters of the
 * RM0432, RM0385 and RM0455 reference manuals). The UART at TINYFIT_PORT_UART_BASE runs at TINYFIT_PORT_UART_BAUD
 * from its kernel clock TINYFIT_PORT_UART_CLOCK_HZ (uart.clock): BRR = clock / baud for a USART (16× oversampling),
 * 256 × clock / baud for an LPUART (TINYFIT_PORT_UART_LPUART). The descriptor's setup steps enable the UART's and
 * its pins' clocks and route the pins before main. The counter is the core clock cycle counter (cortexm_ticks.h:
 * DWT or SysTick).
 */
#include "port.h"
#include "cortexm_ticks.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port stm32-usart-v2 needs the UART's base address: uart.base in the target descriptor"
#endif
#ifndef TINYFIT_PORT_UART_CLOCK_HZ
#error "port stm32-usart-v2 needs the UART's kernel clock: uart.clock or coreClock in the target descriptor"
#endif

#define TINYFIT_REG(offset) (*(volatile uint32_t *)(TINYFIT_PORT_UART_BASE + (offset)))
#define TINYFIT_UART_CR1 TINYFIT_REG(0x00u)
#define TINYFIT_UART_BRR TINYFIT_REG(0x0Cu)
#define TINYFIT_UART_ISR TINYFIT_REG(0x1Cu)
#define TINYFIT_UART_ICR TINYFIT_REG(0x20u)
#define TINYFIT_UART_RDR TINYFIT_REG(0x24u)
#define TINYFIT_UART_TDR TINYFIT_REG(0x28u)

void tinyfit_port_setup(void) {
#ifdef TINYFIT_PORT_UART_LPUART
  /* 256 × clock / baud, rounded: needs 64-bit arithmetic (256 × 120 MHz overflows 32 bits). */
  TINYFIT_UART_BRR = (uint32_t)(((uint64_t)TINYFIT_PORT_UART_CLOCK_HZ * 256u + TINYFIT_PORT_UART_BAUD / 2u) / TINYFIT_PORT_UART_BAUD);
#else
  TINYFIT_UART_BRR = (uint32_t)((TINYFIT_PORT_UART_CLOCK_HZ + TINYFIT_PORT_UART_BAUD / 2u) / TINYFIT_PORT_UART_BAUD);
#endif
  TINYFIT_UART_CR1 = (1u << 3) | (1u << 2) | 1u; /* TE, RE, UE */
  tinyfit_ticks_start();
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_ISR & (1u << 5)) == 0u) {
      if ((TINYFIT_UART_ISR & (1u << 3)) != 0u) TINYFIT_UART_ICR = 1u << 3; /* overrun: clear it, keep receiving */
    }
    buf[i] = (uint8_t)TINYFIT_UART_RDR;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_ISR & (1u << 7)) == 0u) {
    }
    TINYFIT_UART_TDR = buf[i];
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  return tinyfit_ticks_now();
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_CORE_HZ;
}
