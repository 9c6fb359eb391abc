/**
 * A link with a line rate: a QEMU pty moves bytes as fast as the host can, so to measure throughput "at 115200
 * baud" each direction is held to 10 bits per byte (start, 8 data, stop) at the chosen speed. No byte is handed
 * on before the moment its stop bit would have arrived on a real line; bytes are released about every
 * millisecond, the last of a burst on time (timers for the bulk, a short spin for the end), so the pacing adds no
 * latency a real UART would not have.
 */
import { Transport } from '../../src/device/transport';
import { RelayTransport } from './relayTransport';

/** Resolves at `due` (performance.now() ms): a timer for most of the wait, then a spin on the event loop. */
async function until(due: number): Promise<void> {
  for (;;) {
    const left = due - performance.now();
    if (left <= 0) return;
    await new Promise((r) => (left > 2 ? setTimeout(r, left - 1.5) : setImmediate(r)));
  }
}

/** A Transport whose two directions each carry at most baud/10 bytes per second. */
export class PacedTransport extends RelayTransport {
  private lineFree = { tx: 0, rx: 0 };

  constructor(
    inner: Transport,
    private readonly baud: number,
  ) {
    super(inner);
  }

  override get baudRate(): number {
    return this.baud;
  }

  override async setBaudRate(): Promise<void> {
    // the pace is fixed at construction
  }

  /** Hands `data` to `deliver` in slices, each when its last byte would have arrived. */
  private async pace(dir: 'tx' | 'rx', data: Buffer, deliver: (slice: Buffer) => unknown): Promise<void> {
    const msPerByte = 10_000 / this.baud;
    const start = Math.max(performance.now(), this.lineFree[dir]);
    this.lineFree[dir] = start + data.length * msPerByte;
    const slice = Math.max(1, Math.ceil(1 / msPerByte));
    for (let off = 0; off < data.length; off += slice) {
      const end = Math.min(data.length, off + slice);
      await until(start + end * msPerByte);
      await deliver(data.subarray(off, end));
    }
  }

  protected override onTx(data: Buffer): Promise<void> {
    return this.pace('tx', data, (s) => this.inner.write(s));
  }

  protected override onRx(data: Buffer): Promise<void> {
    return this.pace('rx', data, (s) => this.rx.push(s));
  }
}
