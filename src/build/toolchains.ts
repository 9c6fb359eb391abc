/**
 * The tools each template family builds with, the Debian/Ubuntu packages that provide them, and the files the
 * build leaves: what `tinyfit build` runs and measures, and what `tinyfit doctor` checks.
 */

/** A command a family needs and the package that provides it. */
export interface Tool {
  command: string;
  /** Debian/Ubuntu packages that provide it (apt). */
  packages: string[];
}

/** How a family's project is built and measured. */
export interface FamilyToolchain {
  /** Commands the build needs. */
  tools: Tool[];
  /** The binary the build produces, relative to the project folder. */
  binary: string;
  /** The size and symbol tools for that binary (ELF), if it is one. */
  size?: string;
  nm?: string;
}

const MAKE: Tool = { command: 'make', packages: ['make'] };

/** The toolchain of every family that `tinyfit build` builds. */
export const TOOLCHAINS: Readonly<Record<string, FamilyToolchain>> = {
  host: { tools: [{ command: 'cc', packages: ['gcc', 'libc6-dev'] }, MAKE], binary: 'runner' },
  'cortex-m': {
    tools: [{ command: 'arm-none-eabi-gcc', packages: ['gcc-arm-none-eabi', 'libnewlib-arm-none-eabi'] }, MAKE],
    binary: 'firmware.elf',
    size: 'arm-none-eabi-size',
    nm: 'arm-none-eabi-nm',
  },
};

/** The emulator a target runs on and its package. */
export const EMULATOR_PACKAGES: Readonly<Record<string, string[]>> = {
  'qemu-system-arm': ['qemu-system-arm'],
  'qemu-system-riscv32': ['qemu-system-misc'],
  'qemu-system-aarch64': ['qemu-system-arm'],
};
