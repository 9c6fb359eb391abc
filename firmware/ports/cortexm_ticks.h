/*
 * The tick counter of the Cortex-M ports: core clock cycles as a 64-bit count, TINYFIT_PORT_CORE_HZ per second.
 * - DWT (descriptor timer "dwt"; Cortex-M3/M4/M7/M33/M55): the debug unit's 32-bit cycle counter CYCCNT
 *   (0xE0001004), enabled by DEMCR.TRCENA (0xE000EDFC bit 24) and DWT_CTRL.CYCCNTENA (0xE0001000 bit 0); the
 *   Cortex-M7 also wants its software lock (DWT_LAR, 0xE0001FB0) opened with 0xC5ACCE55. Readings are extended to
 *   64 bits in software, so two readings must be less than 2^32 cycles apart (36 s at 120 MHz).
 * - SysTick (otherwise; every Cortex-M has it, the M0/M0+ have no DWT, and QEMU models no DWT): the 24-bit
 *   down-counter reloads from 0xFFFFFF and its handler counts the wraps.
 * Included by a port's .c file, which implements tinyfit_port_ticks with tinyfit_ticks_now.
 */
#ifndef TINYFIT_CORTEXM_TICKS_H
#define TINYFIT_CORTEXM_TICKS_H

#include <stdint.h>
#include "port_config.h"

#ifndef TINYFIT_PORT_CORE_HZ
#error "a Cortex-M port needs the core clock: build.f_cpu or coreClock in the target descriptor"
#endif

#ifdef TINYFIT_PORT_TIMER_DWT

#define TINYFIT_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define TINYFIT_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define TINYFIT_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
#define TINYFIT_DWT_LAR (*(volatile uint32_t *)0xE0001FB0u)

static uint32_t tinyfit_dwt_last;
static uint32_t tinyfit_dwt_high;

/** Starts the DWT cycle counter from 0. */
static void tinyfit_ticks_start(void) {
  TINYFIT_DEMCR |= 1u << 24;      /* TRCENA: the DWT is powered */
  TINYFIT_DWT_LAR = 0xC5ACCE55u;  /* unlock (Cortex-M7; ignored where there is no lock) */
  TINYFIT_DWT_CYCCNT = 0u;
  TINYFIT_DWT_CTRL |= 1u;         /* CYCCNTENA */
}

/** Core cycles since tinyfit_ticks_start (readings less than 2^32 cycles apart). */
static uint64_t tinyfit_ticks_now(void) {
  uint32_t now = TINYFIT_DWT_CYCCNT;
  if (now < tinyfit_dwt_last) tinyfit_dwt_high++;
  tinyfit_dwt_last = now;
  return ((uint64_t)tinyfit_dwt_high << 32) | now;
}

#else /* SysTick */

#define TINYFIT_SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define TINYFIT_SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define TINYFIT_SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint32_t tinyfit_systick_wraps;

/* The CMSIS handler name: the family's vector table points here. */
void SysTick_Handler(void);
void SysTick_Handler(void) {
  tinyfit_systick_wraps++;
}

/** Starts SysTick on the core clock with its interrupt (counting wraps). */
static void tinyfit_ticks_start(void) {
  TINYFIT_SYST_RVR = 0xFFFFFFu;
  TINYFIT_SYST_CVR = 0u;
  TINYFIT_SYST_CSR = 0x7u; /* processor clock, interrupt on wrap, enabled */
}

/** Core cycles since tinyfit_ticks_start. */
static uint64_t tinyfit_ticks_now(void) {
  uint32_t wraps;
  uint32_t now;
  do {
    wraps = tinyfit_systick_wraps;
    now = TINYFIT_SYST_CVR;
  } while (wraps != tinyfit_systick_wraps);
  return ((uint64_t)wraps << 24) + (uint64_t)(0xFFFFFFu - now);
}

#endif

#endif /* TINYFIT_CORTEXM_TICKS_H */
