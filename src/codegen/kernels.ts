/**
 * The kernel sources of a generated project: each kernel the calls use (firmware/kernels/<name>.c/.h) and the
 * headers they include, copied with the `tinyfit_` / `TINYFIT_` prefix rewritten to the model's, so several
 * models link into one firmware.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Rounding } from '../arith/rounding';
import { packageRoot } from '../paths';
import { cComment } from './format';
import { toolVersion } from './version';

const KERNEL_DIR = (): string => path.join(packageRoot(), 'firmware', 'kernels');

/** Copies a kernel source with its `tinyfit_` / `TINYFIT_` prefix rewritten to the model's (and `prelude` first). */
function kernelSource(file: string, prefix: string, modelName: string, prelude = ''): string {
  const src = prelude + fs.readFileSync(path.join(KERNEL_DIR(), file), 'utf8');
  const banner = `/* ${file}: copied by tinyfit ${toolVersion()} for model '${cComment(modelName)}' from firmware/kernels, symbols prefixed '${prefix}_'. */\n`;
  return banner + src.replace(/\btinyfit_/g, `${prefix}_`).replace(/\bTINYFIT_/g, `${prefix.toUpperCase()}_`);
}

/** Headers (and included .c bases) the kernels include besides their own header, transitively. */
function sharedHeaders(kernelList: string[]): string[] {
  const own = new Set(kernelList.flatMap((k) => [`${k}.h`, `${k}.c`]));
  const found = new Set<string>();
  const queue = kernelList.flatMap((k) => [`${k}.h`, `${k}.c`]);
  while (queue.length) {
    const f = queue.pop()!;
    const src = fs.readFileSync(path.join(KERNEL_DIR(), f), 'utf8');
    for (const m of src.matchAll(/^#include "([^"]+)"/gm)) {
      const inc = m[1];
      if (own.has(inc) || found.has(inc) || !fs.existsSync(path.join(KERNEL_DIR(), inc))) continue;
      found.add(inc);
      queue.push(inc);
    }
  }
  return [...found].sort();
}

const ROUNDING_DEFINE = {
  single: '#define TINYFIT_SINGLE_ROUNDING 1 /* model quantized with single-rounding requantization */\n',
  shift: '#define TINYFIT_SHIFT_ROUNDING 1 /* dynamic fixed point: power-of-two rescaling by shifts */\n',
} as const;

/**
 * The project files of the kernels (`kernels/<file>` → contents): each kernel's .h and .c, and the shared
 * headers they include; the fixed-point header carries the graph's rounding mode.
 */
export function kernelFiles(kernels: string[], prefix: string, modelName: string, rounding: Rounding | undefined): Map<string, string> {
  const files = new Map<string, string>();
  for (const k of kernels) {
    files.set(`kernels/${k}.h`, kernelSource(`${k}.h`, prefix, modelName));
    files.set(`kernels/${k}.c`, kernelSource(`${k}.c`, prefix, modelName));
  }
  for (const h of sharedHeaders(kernels)) {
    const define = h === 'fixedpoint_s8.h' && rounding && rounding !== 'double' ? ROUNDING_DEFINE[rounding] : '';
    files.set(`kernels/${h}`, kernelSource(h, prefix, modelName, define));
  }
  return files;
}
