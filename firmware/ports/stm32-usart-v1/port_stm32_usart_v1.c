/*
 * Port 'stm32-usart-v1': STM32 F1/F2/F4 parts, whose USARTs have the first register layout (SR at +0x00 with
 * TXE bit 7 and RXNE bit 5, DR at +0x04, BRR at +0x08, CR1 at +0x0C with UE bit 13, TE bit 3, RE bit 2: the
 * RM0090 reference manual's USART chapter), and QEMU's netduinoplus2 model of an STM32F405, whose USART is the real
 * peripheral's model. The USART at TINYFIT_PORT_UART_BASE runs at TINYFIT_PORT_UART_BAUD from its peripheral clock
 * TINYFIT_PORT_UART_CLOCK_HZ (uart.clock; the descriptor's setup steps enable its clock and route its pins); the
 * counter is the core clock cycle counter (cortexm_ticks.h: DWT or SysTick).
 */
#include "port.h"
#include "cortexm_ticks.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port stm32-usart-v1 needs the USART's base address: uart.base in the target descriptor"
#endif

#define TINYFIT_REG(offset) (*(volatile uint32_t *)(TINYFIT_PORT_UART_BASE + (offset)))
#define TINYFIT_USART_SR TINYFIT_REG(0x00u)
#define TINYFIT_USART_DR TINYFIT_REG(0x04u)
#define TINYFIT_USART_BRR TINYFIT_REG(0x08u)
#define TINYFIT_USART_CR1 TINYFIT_REG(0x0Cu)

void tinyfit_port_setup(void) {
  TINYFIT_USART_BRR = (uint32_t)((TINYFIT_PORT_UART_CLOCK_HZ + TINYFIT_PORT_UART_BAUD / 2u) / TINYFIT_PORT_UART_BAUD);
  TINYFIT_USART_CR1 = (1u << 13) | (1u << 3) | (1u << 2); /* UE, TE, RE */
  tinyfit_ticks_start();
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_USART_SR & (1u << 5)) == 0u) {
    }
    buf[i] = (uint8_t)TINYFIT_USART_DR;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_USART_SR & (1u << 7)) == 0u) {
    }
    TINYFIT_USART_DR = buf[i];
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  return tinyfit_ticks_now();
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_CORE_HZ;
}
