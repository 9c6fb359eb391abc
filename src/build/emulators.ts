/** The emulators targets run on and the Debian/Ubuntu packages that provide them (`tinyfit doctor`). */
export const EMULATOR_PACKAGES: Readonly<Record<string, string[]>> = {
  'qemu-system-arm': ['qemu-system-arm'],
  'qemu-system-riscv32': ['qemu-system-misc'],
  'qemu-system-aarch64': ['qemu-system-arm'],
  'qemu-aarch64': ['qemu-user'],
};
