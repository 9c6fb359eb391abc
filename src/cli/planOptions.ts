/**
 * Command-line options shared by `plan`, `generate` and `deploy` for patch-based inference (docs/patch-inference.md)
 * and the kernel choice: their yargs definitions and their translation to the library's options.
 */
import type { Argv } from 'yargs';
import { KERNEL_POLICIES, KernelPolicy } from '../codegen/kernelSelect';
import { TinyfitError } from '../errors';
import type { PatchOption } from '../plan/patch/choose';

/** The arguments these options add. */
export interface PatchArgs {
  patches: string;
  'patch-max-overhead'?: number;
}

/** The kernel-choice argument of `generate` and `deploy`. */
export interface KernelArgs {
  kernels: KernelPolicy;
}

/**
 * `--patches off|auto|<split>:<rows>x<cols>` as the plan option: `<split>` is the last patched op (index in the
 * planned order or its name), the grid `<n>` or `<rows>x<cols>`.
 */
export function parsePatches(v: string): PatchOption {
  if (v === 'off' || v === 'auto') return v;
  const colon = v.lastIndexOf(':');
  const grid = /^(\d+)(?:x(\d+))?$/.exec(colon < 0 ? '' : v.slice(colon + 1));
  const split = v.slice(0, Math.max(colon, 0));
  if (!grid || !split) {
    throw new TinyfitError(`--patches must be off, auto or <split>:<rows>x<cols> (e.g. 3:9x5, the split an op index or name), got '${v}'`);
  }
  const rows = Number(grid[1]);
  const cols = grid[2] === undefined ? rows : Number(grid[2]);
  if (rows < 1 || cols < 1) throw new TinyfitError(`--patches: the grid needs at least 1x1 patches, got '${v}'`);
  return { split: /^\d+$/.test(split) ? Number(split) : split, grid: [rows, cols] };
}

/** The plan options of the patch arguments. */
export function patchPlanOptions(a: PatchArgs): { patches: PatchOption; patchMaxOverhead?: number } {
  const o = a['patch-max-overhead'];
  if (o !== undefined && !(Number.isFinite(o) && o >= 0)) throw new TinyfitError(`--patch-max-overhead must be a percentage (>= 0), got ${o}`);
  return { patches: parsePatches(a.patches), ...(o !== undefined ? { patchMaxOverhead: o } : {}) };
}

/** Adds `--patches` and `--patch-max-overhead`. */
export function withPatchOptions<T>(y: Argv<T>): Argv<T & PatchArgs> {
  return y
    .option('patches', {
      type: 'string',
      default: 'off',
      describe:
        'patch-based inference of the first layers (less RAM, some recomputation): off, auto (choose split and grid; under --ram-budget the least recomputation that fits) or <split>:<rows>x<cols>',
    })
    .option('patch-max-overhead', { type: 'number', describe: 'with --patches auto: the largest recomputation accepted, % of the model MACs (default 4)' }) as unknown as Argv<T & PatchArgs>;
}

/** Adds `--kernels`. */
export function withKernelOption<T>(y: Argv<T>): Argv<T & KernelArgs> {
  return y.option('kernels', {
    type: 'string',
    choices: KERNEL_POLICIES as unknown as string[],
    default: 'auto',
    describe: "auto: the target's ISA kernel variants (DSP, Helium, NEON) where they exist; portable: the portable C kernels only",
  }) as unknown as Argv<T & KernelArgs>;
}
