/**
 * The shape of a target descriptor (targets/<id>.json, or any .json a user passes to `--target`). The JSON
 * Schema targets/schema.json is the authority; these types mirror it. Fields follow PlatformIO's board JSON
 * where one exists (build.*, upload.*); the others are tinyfit's.
 */

/** A named memory region of the board's map. */
export interface MemoryRegion {
  name: string;
  kind: 'flash' | 'ram';
  /** Start address. */
  origin: number;
  /** Bytes. */
  length: number;
}

/** One bring-up step: a read-modify-write of a 32-bit register and/or a wait on its bits (hex strings). */
export interface RegisterStep {
  what: string;
  address: string;
  clear?: string;
  set?: string;
  waitSet?: string;
  waitClear?: string;
}

/** A USB vendor/product id pair, 4 hex digits each. */
export interface UsbId {
  vid: string;
  pid: string;
}

/** A validated target descriptor, with `build`, `isa` and `upload` defaulted to empty. */
export interface Target {
  id: string;
  name: string;
  /** Template family: templates/<family>/ overrides templates/common/. */
  family: string;
  description?: string;
  build: {
    cpu?: string;
    /** Core clock in Hz, as a number or PlatformIO's string form ("120000000L"). */
    f_cpu?: number | string;
    mcu?: string;
    core?: string;
  };
  /** ISA features, most preferred first (kernel variants are looked up in this order). */
  isa: string[];
  upload: { maximum_ram_size?: number; maximum_size?: number; protocol?: string; speed?: number };
  /** The memory map; `stack`: bytes reserved for the stack (bare-metal: in the first RAM region; linux: the self-test thread's). */
  memory?: { regions: MemoryRegion[]; stack?: number; boot?: 'flash' | 'ram' };
  /** The board's boot loader takes UF2 images of this family id (hex string). */
  uf2?: { familyId: string };
  uart?: { baud: number; instance?: string; base?: number; clock?: number; txPin?: number; rxPin?: number };
  /** Hz the core runs at in the generated firmware (default: build.f_cpu). */
  coreClock?: number;
  /** Bring-up register steps the bare-metal start-up runs in SystemInit. */
  setup?: RegisterStep[];
  /** Counter behind the port's tick function (clock_gettime, dwt, systick, esp_timer, mcycle, micros). */
  timer?: string;
  usb?: UsbId[];
  /** How `tinyfit flash` writes the image (default from the family: qemu for virtual boards, esptool, rpi-console, …). */
  flasher?: 'qemu' | 'stm32flash' | 'openocd' | 'esptool' | 'rpi-console' | 'uf2' | 'none';
  /**
   * An emulator that runs the firmware without the board: a QEMU system emulator (`machine` required) or a user-mode
   * one (qemu-<arch>, `sysroot` = its -L folder of the target's loader and libraries).
   */
  emulator?: { program: string; machine?: string; cpu?: string; sysroot?: string };
  /** firmware/ports/<port>/ (every family but lib has one). */
  port?: string;
}
