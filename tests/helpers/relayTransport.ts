/**
 * A Transport that sits between the host code and a real one (the QEMU pty, a serial port) and passes every
 * byte through hooks: the base of the fault-injecting link (faultyTransport.ts) and the paced one
 * (pacedTransport.ts). Writes go through `onTx`; what the inner transport receives is taken as it arrives and
 * handed to `onRx`, whose output reaches this transport's own receive queue. When the inner link ends, this
 * one ends with the same error.
 */
import { ByteQueue, DeviceTimeout } from '../../src/device/byteQueue';
import { Signals, Transport } from '../../src/device/transport';

/** Relays bytes between a reader and an inner Transport, through overridable hooks. */
export class RelayTransport implements Transport {
  readonly rx = new ByteQueue();
  private stopped = false;
  private readonly pump: Promise<void>;

  constructor(readonly inner: Transport) {
    this.pump = this.pumpRx();
  }

  get name(): string {
    return this.inner.name;
  }

  get isOpen(): boolean {
    return !this.stopped && this.inner.isOpen;
  }

  get baudRate(): number {
    return this.inner.baudRate;
  }

  /** What a host write becomes on the inner link (default: the same bytes, at once). */
  protected async onTx(data: Buffer): Promise<void> {
    await this.inner.write(data);
  }

  /** What received bytes become for the reader (default: the same bytes, at once). */
  protected async onRx(data: Buffer): Promise<void> {
    this.rx.push(data);
  }

  private async pumpRx(): Promise<void> {
    while (!this.stopped) {
      let data: Buffer;
      try {
        data = await this.inner.rx.takeAny(500);
      } catch (e) {
        if (e instanceof DeviceTimeout) continue;
        this.rx.close(e as Error);
        return;
      }
      await this.onRx(data);
    }
  }

  write(data: Buffer): Promise<void> {
    return this.onTx(data);
  }

  setSignals(s: Signals, timeoutMs?: number): Promise<void> {
    return this.inner.setSignals(s, timeoutMs);
  }

  setBaudRate(baud: number, timeoutMs?: number): Promise<void> {
    return this.inner.setBaudRate(baud, timeoutMs);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.inner.close();
    await this.pump;
  }
}
