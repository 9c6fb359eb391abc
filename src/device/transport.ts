/**
 * The byte link to a device: a serial port (USB adapter, a board's own USB, a QEMU pty) or a TCP socket (an
 * emulator's UART). Everything above it — framing, the agent client, flashers — talks to this interface only.
 * Every operation has a deadline; a link that fails or vanishes ends pending reads with an error naming it.
 */
import { ByteQueue } from './byteQueue';

/** Modem control lines (DTR and RTS drive reset and boot pins on many boards). */
export interface Signals {
  dtr?: boolean;
  rts?: boolean;
}

/** One open link. */
export interface Transport {
  /** What it is connected to, for messages ("/dev/ttyACM0", "tcp:127.0.0.1:4321"). */
  readonly name: string;
  /** What has arrived and not yet been read. */
  readonly rx: ByteQueue;
  /** Writes and waits until the bytes are handed to the OS (drained). */
  write(data: Buffer, timeoutMs?: number): Promise<void>;
  /** Sets DTR and/or RTS together, in one call (a no-op where the link has none). */
  setSignals(s: Signals, timeoutMs?: number): Promise<void>;
  /** Changes the line speed (a no-op where the link has none). */
  setBaudRate(baud: number, timeoutMs?: number): Promise<void>;
  /** The current line speed (0 where the link has none). */
  readonly baudRate: number;
  /** Closes the link; pending reads fail. Never throws. */
  close(): Promise<void>;
  /** Whether it is still open. */
  readonly isOpen: boolean;
}

/** Default deadline of open, ioctl and write calls, ms (a vanished cdc_acm port can block an ioctl ~5 s). */
export const IO_TIMEOUT_MS = 3000;
