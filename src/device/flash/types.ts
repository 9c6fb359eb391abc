/**
 * What every flasher (one a file in src/device/flash/) takes and returns. A flash goes through phases —
 * connect, erase, write, verify, reset — each failing with its own exit code (src/errors.ts EXIT) and a message
 * naming the phase; a failed verify is never reported as success; a write that fails part-way resumes from the
 * last block the device confirmed before giving up.
 */

/** One contiguous piece of the image and where it goes. */
export interface ImageSegment {
  address: number;
  data: Buffer;
}

/** The phases of a flash, in order. */
export type FlashPhase = 'connect' | 'erase' | 'write' | 'verify' | 'reset';

/** Options every flasher accepts. */
export interface FlashOptions {
  /** The serial port (or pty) the board's boot loader listens on. */
  port: string;
  /** Line speed to start at (the flasher may switch up, and steps down on errors). */
  baud?: number;
  /** Progress of the current phase (bytes done of total), for a progress bar. */
  progress?: (phase: FlashPhase, done: number, total: number) => void;
  /** Every chunk sent and received (`--trace`). */
  trace?: (direction: 'tx' | 'rx', data: Buffer) => void;
}

/** What a successful flash did. */
export interface FlashResult {
  /** Bytes written. */
  bytes: number;
  /** How the written bytes were checked: a hash the device computed, a read-back compared byte for byte, or (UF2) the boot ROM accepted every block and restarted. */
  verified: 'md5' | 'sha256' | 'crc32' | 'readback' | 'boot-rom';
  /** Milliseconds per phase. */
  phaseMs: Partial<Record<FlashPhase, number>>;
  /** Blocks written again after a failure (0 when nothing went wrong). */
  resumedBlocks: number;
  /** The baud rate the write ran at. */
  baud: number;
}
