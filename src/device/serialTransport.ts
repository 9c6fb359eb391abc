/**
 * A serial port as a Transport, through `serialport` (node-serialport: the maintained Node binding for serial
 * devices on Linux, macOS and Windows — termios, modem lines and locking done right, which hand-written ioctls
 * would get wrong). Opening locks the port; errors become one line saying what to do: a missing port, a port
 * held by another process (named), a permission problem (the dialout group).
 */
import { SerialPort } from 'serialport';
import { EXIT, TinyfitError } from '../errors';
import { ByteQueue } from './byteQueue';
import { portHolders } from './portHolder';
import { IO_TIMEOUT_MS, Signals, Transport } from './transport';
import { withTimeout } from './withTimeout';

/** Options of {@link openSerial}. */
export interface SerialOptions {
  /** Line speed (default 115200). */
  baudRate?: number;
  /** Deadline of the open call, ms (default 3000). */
  timeoutMs?: number;
  /** Called with every chunk sent and received (the `--trace` hex dump). */
  trace?: (direction: 'tx' | 'rx', data: Buffer) => void;
}

/** The one-line reason an open failed, with what to do. */
export function openFailure(path: string, err: Error): TinyfitError {
  const msg = err.message || String(err);
  if (/ENOENT|No such file/i.test(msg)) {
    return new TinyfitError(`no serial port ${path}: is the board connected? \`tinyfit devices\` lists the ports`, EXIT.connect);
  }
  if (/EACCES|Permission denied/i.test(msg)) {
    return new TinyfitError(
      `permission denied opening ${path}: add yourself to the port's group (Debian/Ubuntu: sudo usermod -aG dialout $USER, then log in again)`,
      EXIT.connect,
    );
  }
  if (/EBUSY|lock|Resource temporarily unavailable/i.test(msg)) {
    const holders = portHolders(path);
    const who = holders.length
      ? `held by ${holders.map((h) => `${h.command} (pid ${h.pid}${h.pid === process.pid ? ', this process' : ''}${h.locked ? ', locked' : ''})`).join(', ')}`
      : 'held by another program';
    return new TinyfitError(`serial port ${path} is busy: ${who}; close it (a serial monitor?) and retry`, EXIT.connect);
  }
  return new TinyfitError(`cannot open ${path}: ${msg}`, EXIT.connect);
}

/** The one-line reason a write or ioctl on an open port failed: a vanished port (EIO, ENXIO, ENODEV) says so. */
export function linkFailure(path: string, doing: string, err: Error): TinyfitError {
  const msg = err.message || String(err);
  if (/EIO|ENXIO|ENODEV|Input\/output error|No such device/i.test(msg)) {
    return new TinyfitError(`serial port ${path} vanished while ${doing} (${msg.replace(/^Error: /, '')}): the board reset or was unplugged; reconnect it and retry (\`tinyfit devices\` lists the ports)`, EXIT.connect);
  }
  return new TinyfitError(`${doing} on ${path} failed: ${msg}`, EXIT.connect);
}

class SerialTransport implements Transport {
  readonly rx = new ByteQueue();
  private open = true;

  constructor(
    private readonly port: SerialPort,
    readonly name: string,
    private readonly trace?: SerialOptions['trace'],
  ) {
    port.on('data', (d: Buffer) => {
      this.trace?.('rx', d);
      this.rx.push(d);
    });
    port.on('close', () => {
      this.open = false;
      this.rx.close(new TinyfitError(`serial port ${name} closed or vanished (board reset or unplugged?): reconnect it and retry (\`tinyfit devices\` lists the ports)`, EXIT.connect));
    });
    port.on('error', (e: Error) => {
      this.rx.close(linkFailure(name, 'reading', e));
    });
  }

  get isOpen(): boolean {
    return this.open && this.port.isOpen;
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  write(data: Buffer, timeoutMs = IO_TIMEOUT_MS + Math.ceil((data.length * 10 * 1000) / Math.max(this.port.baudRate, 1))): Promise<void> {
    this.trace?.('tx', data);
    const done = new Promise<void>((resolve, reject) => {
      this.port.write(data, (err) => {
        if (err) return reject(linkFailure(this.name, 'writing', err));
        this.port.drain((e) => (e ? reject(linkFailure(this.name, 'writing', e)) : resolve()));
      });
    });
    return withTimeout(done, timeoutMs, `writing ${data.length} B to ${this.name}`);
  }

  setSignals(s: Signals, timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    const p = new Promise<void>((resolve, reject) => {
      const set: { dtr?: boolean; rts?: boolean } = {};
      if (s.dtr !== undefined) set.dtr = s.dtr;
      if (s.rts !== undefined) set.rts = s.rts;
      this.port.set(set, (err) => (err ? reject(linkFailure(this.name, 'setting DTR/RTS', err)) : resolve()));
    });
    return withTimeout(p, timeoutMs, `setting DTR/RTS on ${this.name}`);
  }

  setBaudRate(baud: number, timeoutMs = IO_TIMEOUT_MS): Promise<void> {
    const p = new Promise<void>((resolve, reject) => {
      this.port.update({ baudRate: baud }, (err) => (err ? reject(linkFailure(this.name, `setting ${baud} baud`, err)) : resolve()));
    });
    return withTimeout(p, timeoutMs, `setting ${baud} baud on ${this.name}`);
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    try {
      await withTimeout(new Promise<void>((resolve) => this.port.close(() => resolve())), IO_TIMEOUT_MS, `closing ${this.name}`);
    } catch {
      // a vanished port may never confirm: it is gone either way
    }
    this.open = false;
  }
}

/**
 * Opens and locks a serial port.
 * @throws TinyfitError (exit code EXIT.connect): missing port, busy (naming the holder), permission (dialout),
 *   or no answer from the driver within the deadline
 */
export async function openSerial(path: string, opts: SerialOptions = {}): Promise<Transport> {
  const port = new SerialPort({ path, baudRate: opts.baudRate ?? 115200, autoOpen: false, lock: true });
  const opened = new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(openFailure(path, err)) : resolve())));
  await withTimeout(opened, opts.timeoutMs ?? IO_TIMEOUT_MS, `opening ${path}`);
  return new SerialTransport(port, path, opts.trace);
}
