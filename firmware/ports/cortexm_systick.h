/*
 * A tick counter for Cortex-M ports from SysTick on the processor clock: the 24-bit down-counter reloads from
 * 0xFFFFFF, its handler counts the wraps, and a reading combines both into a 64-bit count of clock cycles
 * (TINYFIT_PORT_F_CPU per second; no wrap in practice). Every Cortex-M has SysTick (the M0/M0+ have no DWT cycle
 * counter, and QEMU models none). Included by a port's .c file, which then implements tinyfit_port_ticks and
 * tinyfit_port_tick_hz with tinyfit_systick_ticks and TINYFIT_PORT_F_CPU.
 */
#ifndef TINYFIT_CORTEXM_SYSTICK_H
#define TINYFIT_CORTEXM_SYSTICK_H

#include <stdint.h>

#define TINYFIT_SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define TINYFIT_SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define TINYFIT_SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint32_t tinyfit_systick_wraps;

/* The CMSIS handler name: the family's vector table points here. */
void SysTick_Handler(void);
void SysTick_Handler(void) {
  tinyfit_systick_wraps++;
}

/** Starts SysTick on the processor clock with its interrupt (counting wraps). */
static void tinyfit_systick_start(void) {
  TINYFIT_SYST_RVR = 0xFFFFFFu;
  TINYFIT_SYST_CVR = 0u;
  TINYFIT_SYST_CSR = 0x7u; /* processor clock, interrupt on wrap, enabled */
}

/** Processor clock cycles since tinyfit_systick_start. */
static uint64_t tinyfit_systick_ticks(void) {
  uint32_t wraps;
  uint32_t now;
  do {
    wraps = tinyfit_systick_wraps;
    now = TINYFIT_SYST_CVR;
  } while (wraps != tinyfit_systick_wraps);
  return ((uint64_t)wraps << 24) + (uint64_t)(0xFFFFFFu - now);
}

#endif /* TINYFIT_CORTEXM_SYSTICK_H */
