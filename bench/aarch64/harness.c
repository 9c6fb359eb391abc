/*
 * Instruction-count harness (docs/neon-kernels.md): runs a generated project's model_invoke() bare metal on
 * QEMU `virt` (-icount shift=0) and prints, on the PL011 UART (0x09000000), the output bytes and what one
 * invoke cost: instructions retired (PMU event 0x08 INST_RETIRED in event counter 0, which QEMU counts exactly
 * under -icount), and the virtual counter's ticks with its frequency (CNTVCT_EL0 / CNTFRQ_EL0; with shift=0 one
 * instruction is one virtual nanosecond). Built with -DHARNESS_CALIBRATE=N it times a loop of exactly 2N
 * instructions (subs/b.ne) instead, to check that conversion. The input is harness_input[] (harness_input.c,
 * written by bench/aarch64Count.ts), copied into input 0 before every invoke. -DHARNESS_PROFILE=<number of ops>
 * also prints each op's instructions from the generated per-op profile (model_invoke_profiled; to one tick).
 */
#include <stddef.h>
#include <stdint.h>

#define UART_DR ((volatile uint32_t *)0x09000000u)

void harness_exit(int code);

/* The C library the generated code may call (freestanding build, no libc). */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        while (n--) d[n] = s[n];
    }
    return dst;
}
void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

static void put(const char *s)
{
    while (*s) *UART_DR = (uint32_t)(unsigned char)*s++;
}
static void put_u64(uint64_t v)
{
    char b[24];
    int n = 0;
    do { b[n++] = (char)('0' + v % 10u); v /= 10u; } while (v);
    while (n) *UART_DR = (uint32_t)b[--n];
}

/* Semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit and the exit code (AArch64: HLT #0xF000). */
void harness_exit(int code)
{
    static uint64_t block[2];
    register uint64_t x0 __asm__("x0") = 0x18;
    register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
    block[0] = 0x20026;
    block[1] = (uint64_t)code;
    __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
    for (;;) {
    }
}

typedef struct { uint64_t insns, ticks; } stamp_t;

static stamp_t stamp(void)
{
    stamp_t s;
    uint64_t c;
    __asm__ volatile("isb\n\tmrs %0, pmevcntr0_el0" : "=r"(c) : : "memory");
    s.insns = c;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
    s.ticks = c;
    return s;
}

static void counters_start(void)
{
    __asm__ volatile("msr pmevtyper0_el0, %0" : : "r"((uint64_t)0x08)); /* INST_RETIRED, EL0 and EL1 */
    __asm__ volatile("msr pmcntenset_el0, %0" : : "r"((uint64_t)1));
    __asm__ volatile("msr pmcr_el0, %0\n\tisb" : : "r"((uint64_t)3)); /* E: enable, P: reset event counters */
}

static void report(stamp_t a, stamp_t b)
{
    uint64_t f;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
    put("instructions "); put_u64((uint32_t)(b.insns - a.insns));
    put(" ticks "); put_u64(b.ticks - a.ticks);
    put(" freq "); put_u64(f); put("\n");
}

#ifdef HARNESS_CALIBRATE
int main(void)
{
    stamp_t a, b;
    uint64_t n = HARNESS_CALIBRATE;
    counters_start();
    a = stamp();
    __asm__ volatile("1: subs %0, %0, #1\n\tb.ne 1b" : "+r"(n) : : "cc");
    b = stamp();
    report(a, b);
    return 0;
}
#else
#include "model.h"
#include "port/port.h"

/* The per-op profile's clock (model.c reads it only when a profile buffer is set). */
uint64_t model_port_ticks(void)
{
    uint64_t c;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
    return c;
}

int model_invoke_profiled(uint64_t *ticks);
extern const unsigned char harness_input[];
extern const size_t harness_input_bytes;

#ifndef HARNESS_RUNS
#define HARNESS_RUNS 1
#endif

int main(void)
{
    static const char hex[] = "0123456789abcdef";
    const model_tensor_info_t *oi = model_output_info(0);
    const unsigned char *o = (const unsigned char *)model_output(0);
    stamp_t a = {0, 0}, b = {0, 0};
    size_t i;
    int r, rc = 0;
    counters_start();
    for (r = 0; r < HARNESS_RUNS; ++r) {
        memcpy(model_input(0), harness_input, harness_input_bytes);
        a = stamp();
        rc |= model_invoke();
        b = stamp();
    }
    report(a, b);
#ifdef HARNESS_PROFILE
    {
        /* Per-op instructions (CNTVCT ticks x 1e9 / CNTFRQ, to one tick) from the generated per-op profile. */
        static uint64_t t[HARNESS_PROFILE + 1];
        uint64_t f;
        int k;
        __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
        memcpy(model_input(0), harness_input, harness_input_bytes);
        model_invoke_profiled(t);
        for (k = 0; k < HARNESS_PROFILE; ++k) {
            put("op "); put_u64((uint64_t)k); put(" "); put_u64((t[k + 1] - t[k]) * (1000000000u / f)); put("\n");
        }
    }
#endif
    put("output ");
    for (i = 0; i < oi->bytes; ++i) {
        const char h[3] = {hex[o[i] >> 4], hex[o[i] & 15], 0};
        put(h);
    }
    put("\n");
    return rc;
}
#endif
