/*
 * Bare-metal start-up for the instruction-count harness on QEMU's `virt` board (Cortex-A72, EL1, MMU off):
 * stack, FP/Advanced SIMD enabled (CPACR_EL1.FPEN = 0b11, Arm ARM D13.2.30), .bss cleared, main(), then
 * harness_exit(main's result) ends the emulation through semihosting.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    ldr x0, =__stack_top
    mov sp, x0
    mov x0, #(3 << 20)
    msr cpacr_el1, x0
    isb
    ldr x0, =__bss_start
    ldr x1, =__bss_end
1:  cmp x0, x1
    b.hs 2f
    strb wzr, [x0], #1
    b 1b
2:  bl main
    bl harness_exit
3:  b 3b
