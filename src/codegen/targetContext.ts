/** The `target` object of the template context: the whole descriptor plus conveniences for templates. */
import { Target, targetFigures, TargetFigures } from '../targets';
import { MemoryRegion, RegisterStep } from '../targets/types';
import { armFlags } from '../targets/armFlags';
import { riscvFlags } from '../targets/riscvFlags';
import { cComment } from './format';

/** The descriptor as templates see it. */
export type TargetContext = Target &
  TargetFigures & {
    /** The board's name, safe inside a C comment. */
    label: string;
    /** ISA features joined with ", " ('' when none). */
    isaList: string;
    /** `timer` upper-cased for macro names (DWT, CLOCK_GETTIME), '' when absent. */
    TIMER: string;
    /** uart.base as a C hex literal ('' when absent). */
    uartBaseHex: string;
    /** Bytes reserved for the stack (memory.stack, default 8192): bare-metal families. */
    stackBytes: number;
    /** The first flash and the first RAM region of the memory map (bare-metal linker scripts), null when absent. */
    flashRegion: MemoryRegion | null;
    ramRegion: MemoryRegion | null;
    /** arm-none-eabi-gcc's architecture flags for the core and its FPU (cortex-m family), '' otherwise. */
    armFlags: string;
    /** riscv64-unknown-elf-gcc's -march/-mabi for the core (riscv family), '' otherwise. */
    riscvFlags: string;
    /** Flash in MiB when a whole number (esp-idf: CONFIG_ESPTOOLPY_FLASHSIZE_<n>MB), null otherwise. */
    flashMiB: number | null;
    /** Nanoseconds per clock cycle × 2^16, rounded (0 without a clock): emulated instructions from ticks. */
    nsPerTickQ16: number;
    /** Hz the core runs at in the firmware (coreClock, else build.f_cpu), null when unknown. */
    coreClockHz: number | null;
    /** Hz of the UART's baud-rate generator (uart.clock, else the core clock), null when unknown. */
    uartClockHz: number | null;
    /** The UART is an STM32 low-power UART (uart.instance LPUARTn: its baud divisor is 256 × clock / baud). */
    uartIsLpuart: boolean;
    /** uart.txPin / uart.rxPin as text ('' when absent: pin 0 must still print). */
    uartTxPin: string;
    uartRxPin: string;
    /** The bring-up steps with their text safe inside a C comment; absent operations as ''. */
    setupSteps: Array<Required<RegisterStep> & { label: string }>;
    /** The image is loaded into RAM and entered at its lowest address (memory.boot "ram"). */
    ramBoot: boolean;
    /** The core has a vector table offset register (SCB->VTOR): every Cortex-M but the M0. */
    hasVtor: boolean;
  };

/** The template context's `target`: descriptor fields, RAM/flash/clock figures, and comment-safe text. */
export function targetContext(t: Target): TargetContext {
  const figures = targetFigures(t);
  const core = t.coreClock ?? figures.clockHz;
  return {
    ...t,
    ...figures,
    label: cComment(t.name),
    isaList: t.isa.join(', '),
    TIMER: (t.timer ?? '').toUpperCase(),
    uartBaseHex: t.uart?.base === undefined ? '' : `0x${t.uart.base.toString(16).toUpperCase()}`,
    stackBytes: t.memory?.stack ?? 8192,
    flashRegion: t.memory?.regions.find((r) => r.kind === 'flash') ?? null,
    ramRegion: t.memory?.regions.find((r) => r.kind === 'ram') ?? null,
    armFlags: t.family === 'cortex-m' ? armFlags(t) : '',
    riscvFlags: t.family === 'riscv' ? riscvFlags(t) : '',
    flashMiB: figures.flashBytes !== null && figures.flashBytes % (1 << 20) === 0 ? figures.flashBytes / (1 << 20) : null,
    nsPerTickQ16: core ? Math.round((1e9 * 65536) / core) : 0,
    coreClockHz: core,
    uartClockHz: t.uart?.clock ?? core,
    uartIsLpuart: /^LPUART/i.test(t.uart?.instance ?? ''),
    uartTxPin: t.uart?.txPin === undefined ? '' : String(t.uart.txPin),
    uartRxPin: t.uart?.rxPin === undefined ? '' : String(t.uart.rxPin),
    setupSteps: (t.setup ?? []).map((st) => ({ clear: '', set: '', waitSet: '', waitClear: '', ...st, label: cComment(st.what) })),
    ramBoot: t.memory?.boot === 'ram',
    hasVtor: t.family === 'cortex-m' && t.build.cpu !== 'cortex-m0',
  };
}
