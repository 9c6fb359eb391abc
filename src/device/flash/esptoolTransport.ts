/**
 * Runs esptool-js (Espressif's flashing library, written for browsers' WebSerial) over a tinyfit Transport in
 * Node: an object with the shape of a WebSerial `SerialPort` (open/close, readable/writable streams, setSignals,
 * getInfo, and the optional in-place `setBaudRate`) whose bytes go through {@link openSerial} — so esptool-js
 * gets tinyfit's port locking, deadlines, one-line open errors and `--trace`, and needs no browser.
 */
import { Transport as EspTransport } from 'esptool-js';
import { DeviceTimeout } from '../byteQueue';
import { openSerial } from '../serialTransport';
import { Transport } from '../transport';

/** USB identity of the port, when known: esptool-js picks its reset sequence from it (Espressif USB-JTAG-serial). */
export interface UsbIds {
  vendorId: number;
  productId: number;
}

/** Options of {@link NodeSerialDevice}. */
export interface NodeSerialOptions {
  /** Every chunk sent and received (`--trace`). */
  trace?: (direction: 'tx' | 'rx', data: Buffer) => void;
  /** The port's USB ids (from `tinyfit devices`), if any. */
  usb?: UsbIds;
  /** Opens the link; tests and emulators may pass their own (default: {@link openSerial}). */
  open?: (path: string, baudRate: number) => Promise<Transport>;
}

/** How long one pull of the read stream waits before checking again that the link is still wanted, ms. */
const READ_POLL_MS = 1000;

/** "This link has no modem-control lines" (a pty, a TCP bridge): not an error for a board reset, just no reset. */
function isNoModemLines(e: unknown): boolean {
  return /Inappropriate ioctl|ENOTTY|EINVAL|not supported/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * A WebSerial-like `SerialPort` over a tinyfit Transport, reopenable (esptool-js closes and reopens the port
 * when it retries detection or cannot change the baud rate in place).
 */
export class NodeSerialDevice {
  private link: Transport | undefined;
  private streams: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } | undefined;
  /** False once a DTR/RTS change was refused because the link has no such lines (a pty); undefined until tried. */
  modemLines: boolean | undefined;
  /** Whether an open ever succeeded (an error before that is the port's own: missing, busy, permission). */
  everOpened = false;

  constructor(
    readonly path: string,
    private readonly opts: NodeSerialOptions = {},
  ) {}

  /** The open link (for the flasher's own baud and signal calls). */
  get transport(): Transport | undefined {
    return this.link;
  }

  get readable(): ReadableStream<Uint8Array> | null {
    return this.streams?.readable ?? null;
  }

  get writable(): WritableStream<Uint8Array> | null {
    return this.streams?.writable ?? null;
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    return this.opts.usb ? { usbVendorId: this.opts.usb.vendorId, usbProductId: this.opts.usb.productId } : {};
  }

  /** Opens the port at `baudRate` (WebSerial's `open`). Throws tinyfit's one-line open errors (EXIT.connect). */
  async open(o: { baudRate: number }): Promise<void> {
    const link = this.opts.open ? await this.opts.open(this.path, o.baudRate) : await openSerial(this.path, { baudRate: o.baudRate, trace: this.opts.trace });
    this.link = link;
    this.everOpened = true;
    const readable = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          if (this.link !== link || !link.isOpen) break;
          let chunk: Buffer;
          try {
            chunk = await link.rx.takeAny(READ_POLL_MS);
          } catch (e) {
            if (e instanceof DeviceTimeout) continue; // idle line: keep waiting while the port is open
            break; // closed or vanished: the stream ends, esptool-js's read loop exits
          }
          return controller.enqueue(new Uint8Array(chunk));
        }
        try {
          controller.close();
        } catch {
          // already cancelled by esptool-js's disconnect
        }
      },
    });
    const writable = new WritableStream<Uint8Array>({ write: (chunk) => link.write(Buffer.from(chunk)) });
    this.streams = { readable, writable };
  }

  /** Closes the port (WebSerial's `close`); never throws. */
  async close(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    this.streams = undefined;
    await link?.close();
  }

  /** Sets DTR/RTS (WebSerial's `setSignals`); on a link without modem lines it does nothing and notes it. */
  async setSignals(s: { dataTerminalReady?: boolean; requestToSend?: boolean; break?: boolean }): Promise<void> {
    if (!this.link || this.modemLines === false) return;
    try {
      await this.link.setSignals({ dtr: s.dataTerminalReady, rts: s.requestToSend });
      this.modemLines = true;
    } catch (e) {
      if (!isNoModemLines(e)) throw e;
      this.modemLines = false;
    }
  }

  /** Changes the line speed without reopening (the optional capability esptool-js looks for). */
  async setBaudRate(baud: number): Promise<void> {
    if (!this.link) throw new Error(`${this.path} is not open`);
    await this.link.setBaudRate(baud);
  }
}

/** esptool-js's Transport, with its diagnostics sent to a callback instead of the console. */
class QuietEspTransport extends EspTransport {
  constructor(
    device: NodeSerialDevice,
    private readonly log: (line: string) => void,
  ) {
    super(device as unknown as ConstructorParameters<typeof EspTransport>[0], false);
  }

  override trace(message: string): void {
    this.log(message);
  }
}

/**
 * An esptool-js Transport for the serial port at `path`, driven through tinyfit's serial layer. It opens the
 * port when esptool-js's loader connects.
 * @param log receives esptool-js's transport diagnostics (default: dropped)
 */
export function esptoolTransport(path: string, opts: NodeSerialOptions = {}, log: (line: string) => void = () => {}): { transport: EspTransport; device: NodeSerialDevice } {
  const device = new NodeSerialDevice(path, opts);
  return { transport: new QuietEspTransport(device, log), device };
}
