/** The `target` object of the template context: the whole descriptor plus conveniences for templates. */
import { Target, targetFigures, TargetFigures } from '../targets';
import { MemoryRegion } from '../targets/types';
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
  };

/** The template context's `target`: descriptor fields, RAM/flash/clock figures, and comment-safe text. */
export function targetContext(t: Target): TargetContext {
  const figures = targetFigures(t);
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
    nsPerTickQ16: figures.clockHz ? Math.round((1e9 * 65536) / figures.clockHz) : 0,
  };
}
