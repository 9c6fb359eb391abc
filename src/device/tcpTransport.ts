/**
 * A TCP socket as a Transport: an emulator's UART served on a port (QEMU `-serial tcp::<port>,server`), or a
 * network serial bridge. No modem lines and no baud rate: those calls do nothing.
 */
import * as net from 'net';
import { EXIT, TinyfitError } from '../errors';
import { ByteQueue } from './byteQueue';
import { IO_TIMEOUT_MS, Transport } from './transport';
import { withTimeout } from './withTimeout';

class TcpTransport implements Transport {
  readonly rx = new ByteQueue();
  readonly baudRate = 0;
  private open = true;

  constructor(
    private readonly socket: net.Socket,
    readonly name: string,
    private readonly trace?: (direction: 'tx' | 'rx', data: Buffer) => void,
  ) {
    socket.on('data', (d: Buffer) => {
      this.trace?.('rx', d);
      this.rx.push(d);
    });
    socket.on('close', () => {
      this.open = false;
      this.rx.close(new TinyfitError(`${name} closed (the emulator stopped?)`, EXIT.connect));
    });
    socket.on('error', (e) => this.rx.close(new TinyfitError(`${name}: ${e.message}`, EXIT.connect)));
  }

  get isOpen(): boolean {
    return this.open;
  }

  write(data: Buffer, timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    this.trace?.('tx', data);
    const p = new Promise<void>((resolve, reject) => this.socket.write(data, (err) => (err ? reject(new TinyfitError(`writing to ${this.name} failed: ${err.message}`, EXIT.connect)) : resolve())));
    return withTimeout(p, timeoutMs, `writing ${data.length} B to ${this.name}`);
  }

  async setSignals(): Promise<void> {}

  async setBaudRate(): Promise<void> {}

  async close(): Promise<void> {
    this.socket.destroy();
    this.open = false;
  }
}

/**
 * Connects to host:port.
 * @throws TinyfitError (EXIT.connect) when nothing listens there or the connection does not complete in time
 */
export async function openTcp(host: string, port: number, opts: { timeoutMs?: number; trace?: (direction: 'tx' | 'rx', data: Buffer) => void } = {}): Promise<Transport> {
  const name = `tcp:${host}:${port}`;
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', (e) => reject(new TinyfitError(`cannot connect to ${name}: ${e.message}`, EXIT.connect)));
  });
  try {
    await withTimeout(connected, opts.timeoutMs ?? IO_TIMEOUT_MS, `connecting to ${name}`);
  } catch (e) {
    socket.destroy();
    throw e;
  }
  return new TcpTransport(socket, name, opts.trace);
}
