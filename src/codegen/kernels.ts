/**
 * The kernel sources of a generated project: each kernel the calls use, in the variant the target's ISA
 * selects (kernelSelect.ts), and the headers (and included .c bases) they include, copied as
 * `kernels/<file>` with the prefix rewritten (firmwareCopy.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Rounding } from '../arith/rounding';
import { copyFirmware } from './firmwareCopy';
import { KernelChoice, PORTABLE, resolveShared, selectKernels } from './kernelSelect';

/** What {@link kernelFiles} needs to know besides the kernel names. */
export interface KernelCopyOptions {
  prefix: string;
  modelName: string;
  rounding: Rounding | undefined;
  /** The target's ISA features, most preferred first. */
  isa: readonly string[];
  /** Firmware folder holding kernels/ (the package's firmware/ by default in generate()). */
  firmwareDir: string;
  /** Shared header → defines to prepend (kernelConfig.ts: sizes taken from the model). */
  defines?: Record<string, string>;
}

/** The kernel files of a project and the variant chosen for each kernel. */
export interface KernelFiles {
  /** `kernels/<file>` → contents. */
  files: Map<string, string>;
  /** Kernel → 'portable' or the ISA feature whose variant was copied. */
  variants: Record<string, string>;
}

/**
 * Headers (and included .c bases) the chosen kernel files include besides the kernels' own files,
 * transitively, as project name → file under the kernels root (ISA variants of shared files first).
 */
function sharedFiles(choices: KernelChoice[], isa: readonly string[], root: string): Map<string, string> {
  const own = new Set(choices.flatMap((c) => [`${c.kernel}.h`, `${c.kernel}.c`]));
  const found = new Map<string, string>();
  const queue = choices.flatMap((c) => [c.header, c.source]);
  while (queue.length) {
    const src = fs.readFileSync(path.join(root, queue.pop()!), 'utf8');
    for (const m of src.matchAll(/^#include "([^"]+)"/gm)) {
      const inc = m[1];
      if (own.has(inc) || found.has(inc)) continue;
      const file = resolveShared(inc, isa, root);
      if (file === undefined) continue;
      found.set(inc, file);
      queue.push(file);
    }
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

const ROUNDING_DEFINE = {
  single: '#define TINYFIT_SINGLE_ROUNDING 1 /* model quantized with single-rounding requantization */\n',
  shift: '#define TINYFIT_SHIFT_ROUNDING 1 /* dynamic fixed point: power-of-two rescaling by shifts */\n',
} as const;

/** `dsp variant` for a file from an ISA folder, `portable` otherwise. */
function note(file: string): string {
  const dir = path.dirname(file);
  return dir === '.' ? PORTABLE : `${dir} variant`;
}

/**
 * The project files of the kernels: each kernel's .h and .c (ISA variant or portable), and the shared files
 * they include; the fixed-point header carries the graph's rounding mode.
 */
export function kernelFiles(kernels: string[], o: KernelCopyOptions): KernelFiles {
  const root = path.join(o.firmwareDir, 'kernels');
  const choices = selectKernels(kernels, o.isa, root);
  const files = new Map<string, string>();
  const copy = (name: string, file: string, prelude?: string) =>
    files.set(`kernels/${name}`, copyFirmware({ firmwareDir: o.firmwareDir, rel: `kernels/${file}`, note: note(file), prelude }, name, o.prefix, o.modelName));
  for (const c of choices) {
    copy(`${c.kernel}.h`, c.header);
    copy(`${c.kernel}.c`, c.source);
  }
  for (const [name, file] of sharedFiles(choices, o.isa, root)) {
    const rounding = name === 'fixedpoint_s8.h' && o.rounding && o.rounding !== 'double' ? ROUNDING_DEFINE[o.rounding] : '';
    const prelude = rounding + (o.defines?.[name] ?? '');
    copy(name, file, prelude || undefined);
  }
  return { files, variants: Object.fromEntries(choices.map((c) => [c.kernel, c.variant])) };
}
