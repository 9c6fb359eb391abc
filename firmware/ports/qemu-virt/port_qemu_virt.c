/*
 * Port 'qemu-virt': QEMU's RISC-V virt machine (qemu-system-riscv32 -M virt), bare metal in machine mode.
 * The serial line is the NS16550A UART at TINYFIT_PORT_UART_BASE (byte registers: RBR/THR at +0, LSR at +5 with
 * bit 0 data ready and bit 5 transmit holding register empty; QEMU needs no divisor set-up). The counter is the
 * 64-bit mcycle CSR (mcycleh:mcycle read without tearing), TINYFIT_PORT_F_CPU ticks per second; no wrap in
 * practice (2^64 cycles). Under -icount shift=0 QEMU's mcycle counts retired instructions, one per virtual
 * nanosecond, so the descriptor's clock is 1 GHz. The CSR reads enable Zicsr for their own instruction only, so
 * the rest of the firmware builds with -march=rv32imc like the ESP32-C3's.
 */
#include "port.h"

#ifndef TINYFIT_PORT_UART_BASE
#error "port qemu-virt needs the UART's base address: uart.base in the target descriptor"
#endif
#ifndef TINYFIT_PORT_F_CPU
#error "port qemu-virt needs the counter's rate: build.f_cpu in the target descriptor"
#endif

#define TINYFIT_UART_REG(off) (*(volatile uint8_t *)(TINYFIT_PORT_UART_BASE + (off)))
#define TINYFIT_UART_DATA TINYFIT_UART_REG(0x0u)
#define TINYFIT_UART_LSR TINYFIT_UART_REG(0x5u)

/* Reads a CSR by name (csrr with Zicsr enabled for this one instruction). */
#define TINYFIT_CSR_READ(name, out) \
  __asm__ volatile(".option push\n\t.option arch, +zicsr\n\tcsrr %0, " #name "\n\t.option pop" : "=r"(out))

void tinyfit_port_setup(void) {
  /* The UART comes up ready in QEMU and mcycle counts from reset: nothing to start. */
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_LSR & 0x01u) == 0u) {
    }
    buf[i] = TINYFIT_UART_DATA;
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    while ((TINYFIT_UART_LSR & 0x20u) == 0u) {
    }
    TINYFIT_UART_DATA = buf[i];
  }
  return n;
}

uint64_t tinyfit_port_ticks(void) {
  uint32_t hi;
  uint32_t lo;
  uint32_t again;
  do {
    TINYFIT_CSR_READ(mcycleh, hi);
    TINYFIT_CSR_READ(mcycle, lo);
    TINYFIT_CSR_READ(mcycleh, again);
  } while (hi != again);
  return ((uint64_t)hi << 32) | lo;
}

uint64_t tinyfit_port_tick_hz(void) {
  return TINYFIT_PORT_F_CPU;
}
