/**
 * Kernel selection by ISA: a kernel `<k>` may have optimized variants `firmware/kernels/<isa>/<k>.c` (same
 * signature, bit-exact with the portable one). The target's `isa` list is searched in order and the first
 * variant found wins; otherwise the portable `firmware/kernels/<k>.c`. The project keeps the portable file
 * names (kernels/<k>.c/.h), so templates and Makefiles do not depend on the choice.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';

/** Name of the variant that is no ISA variant. */
export const PORTABLE = 'portable';

/** Which kernel variants a project gets: the target's ISA variants ('auto') or the portable kernels only. */
export type KernelPolicy = 'auto' | 'portable';

/** Every {@link KernelPolicy}, the default first. */
export const KERNEL_POLICIES: readonly KernelPolicy[] = ['auto', 'portable'];

/**
 * The ISA features kernel variants are looked up in under a policy: the target's `isa` list for 'auto' (the
 * default), none for 'portable' (so every kernel is the portable one).
 * @throws TinyfitError on an unknown policy
 */
export function kernelIsa(target: { isa: readonly string[] }, policy: KernelPolicy = 'auto'): readonly string[] {
  if (policy === 'portable') return [];
  if (policy === 'auto') return target.isa;
  throw new TinyfitError(`unknown kernel policy '${policy as string}' (one of ${KERNEL_POLICIES.join(', ')})`);
}

/** The files chosen for one kernel, relative to the kernels root. */
export interface KernelChoice {
  kernel: string;
  /** The ISA feature whose folder supplied the .c, or 'portable'. */
  variant: string;
  /** Source file, e.g. `dsp/dense_f32.c` or `dense_f32.c`. */
  source: string;
  /** Header: the variant's own `<isa>/<k>.h` if it has one, else the portable `<k>.h`. */
  header: string;
}

/**
 * Chooses, for each kernel, the first ISA variant present in `kernelsRoot` in the order of `isa`, falling back
 * to the portable kernel.
 * @param kernels kernel names (file names without extension)
 * @param isa the target's ISA features, most preferred first
 * @param kernelsRoot the kernels folder (firmware/kernels; a parameter so tests can use a fake one)
 */
export function selectKernels(kernels: readonly string[], isa: readonly string[], kernelsRoot: string): KernelChoice[] {
  return kernels.map((kernel) => {
    const variant = isa.find((f) => fs.existsSync(path.join(kernelsRoot, f, `${kernel}.c`)));
    if (variant === undefined) return { kernel, variant: PORTABLE, source: `${kernel}.c`, header: `${kernel}.h` };
    const own = `${variant}/${kernel}.h`;
    return { kernel, variant, source: `${variant}/${kernel}.c`, header: fs.existsSync(path.join(kernelsRoot, own)) ? own : `${kernel}.h` };
  });
}

/**
 * The file a kernel's `#include "<name>"` resolves to: the first `<isa>/<name>` present in the order of `isa`,
 * else the portable `<name>`; undefined when neither exists (a system or sibling header).
 */
export function resolveShared(name: string, isa: readonly string[], kernelsRoot: string): string | undefined {
  for (const f of isa) if (fs.existsSync(path.join(kernelsRoot, f, name))) return `${f}/${name}`;
  return fs.existsSync(path.join(kernelsRoot, name)) ? name : undefined;
}
