/**
 * A serial link that outlives its port: when a USB board's port vanishes (a reset that re-enumerates it, a loose
 * cable) the board is looked for again by its USB serial number — the kernel may give it another tty name — and
 * the new port is opened. Meanwhile writes are dropped as on a broken line (the agent client's timeout sends the
 * request again) and reads wait within their own deadlines; a board that does not come back ends the link with
 * one line naming the port, the serial number and what to do.
 */
import { EXIT, TinyfitError } from '../errors';
import { Target } from '../targets';
import { ByteQueue, DeviceTimeout } from './byteQueue';
import { refind } from './discover';
import { Signals, Transport } from './transport';

/** Options of {@link reconnecting}. */
export interface ReconnectOptions {
  target: Target;
  /** The board's USB serial number. */
  serial: string;
  /** Opens the port the board came back on. */
  reopen: (path: string) => Promise<Transport>;
  /** How long to look for the board, ms (default 10000). */
  refindMs?: number;
  /** sysfs and /dev roots (tests point them at fixture trees). */
  sysRoot?: string;
  devRoot?: string;
  /** Told when the link moved to another port. */
  onReconnect?: (from: string, to: string) => void;
}

class ReconnectingTransport implements Transport {
  readonly rx = new ByteQueue();
  private closed = false;
  /** Why the link ended: the board did not come back. */
  private failed: Error | undefined;
  private moving: Promise<void> | undefined;
  private readonly pump: Promise<void>;
  /** Ports the link moved to, in order. */
  readonly moves: string[] = [];

  constructor(
    private inner: Transport,
    private readonly opts: ReconnectOptions,
  ) {
    this.pump = this.run();
  }

  get name(): string {
    return this.inner.name;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get baudRate(): number {
    return this.inner.baudRate;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        this.rx.push(await this.inner.rx.takeAny(500));
      } catch (e) {
        if (e instanceof DeviceTimeout) continue;
        if (this.closed) return;
        try {
          await this.move();
        } catch (failed) {
          this.failed = failed as Error;
          this.rx.close(this.failed);
          this.closed = true;
          return;
        }
      }
    }
  }

  /** Finds the board again and switches to its port (once, however many callers notice the loss). */
  private move(): Promise<void> {
    this.moving ??= (async () => {
      const from = this.inner.name;
      await this.inner.close();
      const ms = this.opts.refindMs ?? 10_000;
      const p = await refind(this.opts.target, this.opts.serial, ms, this.opts);
      if (!p) {
        throw new TinyfitError(`serial port ${from} vanished and the board with serial number ${this.opts.serial} did not come back within ${ms} ms: reconnect it and retry (\`tinyfit devices\` lists the ports)`, EXIT.connect);
      }
      this.inner = await this.opts.reopen(p.path);
      this.moves.push(p.path);
      this.opts.onReconnect?.(from, p.path);
    })().finally(() => {
      this.moving = undefined;
    });
    return this.moving;
  }

  async write(data: Buffer, timeoutMs?: number): Promise<void> {
    if (this.moving) await this.moving.catch(() => undefined);
    if (this.failed) throw this.failed;
    if (this.closed) throw new TinyfitError(`serial port ${this.inner.name} is closed`, EXIT.connect);
    try {
      await this.inner.write(data, timeoutMs);
    } catch {
      // The port went away under the write: the bytes are lost as on a broken line; the reader side moves.
    }
  }

  setSignals(s: Signals, timeoutMs?: number): Promise<void> {
    return this.inner.setSignals(s, timeoutMs);
  }

  setBaudRate(baud: number, timeoutMs?: number): Promise<void> {
    return this.inner.setBaudRate(baud, timeoutMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.moving?.catch(() => undefined);
    await this.inner.close();
    await this.pump;
  }
}

/**
 * Wraps an open serial link so that it follows the board (by USB serial number) to a new port after it vanished.
 * @returns a Transport whose `name` is the port in use
 */
export function reconnecting(first: Transport, opts: ReconnectOptions): Transport {
  return new ReconnectingTransport(first, opts);
}
