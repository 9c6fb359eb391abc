/**
 * An STM32 system boot loader on a serial line (ST AN3155, the USART protocol), as the real peer of the STM32
 * flashers' tests: the Debian `stm32flash` tool talks to it exactly as to a board in boot mode. It answers 0x7F
 * (autobaud) with ACK, then commands (code, code ^ 0xFF): GET, GET_VERSION, GET_ID, READ_MEMORY, GO,
 * WRITE_MEMORY and ERASE (0x43) or EXTENDED_ERASE (0x44, boot loader versions 3.0 and later), checking every
 * checksum and answering NACK to a bad one. The flash is kept in memory (erased = 0xFF; a write can only clear
 * bits, like NOR flash). Fault hooks make it misbehave the ways boards do.
 */
import { DeviceTimeout } from '../../src/device/byteQueue';
import { openSerial } from '../../src/device/serialTransport';
import { Transport } from '../../src/device/transport';

const ACK = 0x79;
const NACK = 0x1f;
const FLASH_BASE = 0x08000000;
/** How long the simulator waits for the rest of a command before it drops it and waits for a new one. */
const IN_COMMAND_MS = 2000;
/** How often a silent simulator discards what it received. */
const SILENT_SLICE_MS = 50;
/** How long one idle wait lasts (it loops; only close() ends it). */
const IDLE_MS = 60_000;

const K = 1024;
/** Devices it can be: product ID, name and the erase units (pages or sectors) from the flash base. */
const DEVICES: Record<number, { name: string; pages: number[] }> = {
  // STM32F405/407 (RM0090): 1 MB in sectors of 16, 16, 16, 16, 64 and 7 × 128 KB — stm32flash knows this map.
  0x413: { name: 'STM32F40xxx/41xxx', pages: [16 * K, 16 * K, 16 * K, 16 * K, 64 * K, ...Array<number>(7).fill(128 * K)] },
};

/** Ways to make the simulated boot loader misbehave. */
export interface BootSimFaults {
  /** Never answer the 0x7F autobaud byte (BOOT0 low, wrong port, wrong wiring). */
  neverAckInit?: boolean;
  /** Answer NACK (once) to the data of the Nth WRITE_MEMORY, 1-based, storing nothing. */
  nackWrite?: number;
  /** A weak cell: every write to this address stores its byte with bit 0 inverted, so read-back never matches. */
  flipBitAt?: number;
  /** Take the data of the Nth WRITE_MEMORY (1-based) and then answer nothing more (a board that died mid-transfer). */
  stopAtWrite?: number;
  /**
   * Take the data of the Nth WRITE_MEMORY (1-based), then close the link and call `BootSimOptions.onDrop` (which
   * can remove the port itself: a USB adapter unplugged).
   */
  dropAtWrite?: number;
  /** When the Nth WRITE_MEMORY (1-based) arrives, invert one byte already in flash at `address` (a disturbed cell). */
  corruptAt?: { write: number; address: number };
  /** Send every reply byte this many ms apart (a link that trickles: the client never sees a silence). */
  dripMs?: number;
  /** Answer NACK to GO (the image is written; starting it fails). */
  nackGo?: boolean;
}

/** Options of {@link Stm32BootSim.start}. */
export interface BootSimOptions {
  /** Product ID answered to GET_ID (default 0x413, STM32F405/407). */
  pid?: number;
  /** Boot loader version (default 0x31; 0x30 and later offer EXTENDED_ERASE, earlier ones ERASE). */
  version?: number;
  faults?: BootSimFaults;
  /** Called when the `dropAtWrite` fault closes the link. */
  onDrop?: () => void;
}

/** A boot loader listening on one end of a serial link. */
export class Stm32BootSim {
  /** The flash contents (from 0x08000000). */
  readonly flash: Buffer;
  /** Erase units (pages or sectors) from the flash base, bytes. */
  readonly pages: number[];
  /** Every command handled, in order, as `name arguments` ("WRITE 0x08000000 256", "ERASE 0,1,2"). */
  readonly log: string[] = [];
  /** WRITE_MEMORY commands received (with data). */
  writes = 0;
  /** Where GO started the program, once it did. */
  started: number | undefined;
  private synced = false;
  private silent = false;
  private closed = false;
  private readonly done: Promise<void>;

  private constructor(
    private readonly link: Transport,
    private readonly pid: number,
    private readonly version: number,
    private readonly faults: BootSimFaults,
    private readonly onDrop?: () => void,
  ) {
    const dev = DEVICES[pid];
    if (!dev) throw new Error(`Stm32BootSim: no flash map for product ID 0x${pid.toString(16)}`);
    this.pages = dev.pages;
    this.flash = Buffer.alloc(dev.pages.reduce((a, b) => a + b, 0), 0xff);
    this.done = this.serve();
  }

  /** Opens `port` (a pty end) and starts answering. */
  static async start(port: string, opts: BootSimOptions = {}): Promise<Stm32BootSim> {
    const link = await openSerial(port, { baudRate: 115200 });
    return new Stm32BootSim(link, opts.pid ?? 0x413, opts.version ?? 0x31, opts.faults ?? {}, opts.onDrop);
  }

  /** A reset with BOOT0 high: back to waiting for 0x7F, flash kept. */
  reset(): void {
    this.synced = false;
    this.silent = false;
    this.started = undefined;
  }

  /** Stops answering and closes its end. */
  async stop(): Promise<void> {
    this.closed = true;
    await this.link.close();
    await this.done;
  }

  /** The flash bytes at an address. */
  read(address: number, length: number): Buffer {
    return this.flash.subarray(address - FLASH_BASE, address - FLASH_BASE + length);
  }

  private async serve(): Promise<void> {
    try {
      for (;;) {
        if (this.silent) {
          // Discard what arrives while silent, in slices, so that bytes after a reset() are answered.
          await new Promise((r) => setTimeout(r, SILENT_SLICE_MS));
          if (this.closed) return;
          if (this.silent) this.link.rx.drain();
        } else if (!this.synced) {
          const [b] = await this.idle(() => this.link.rx.take(1, IDLE_MS));
          if (b === 0x7f && !this.faults.neverAckInit) {
            this.log.push('INIT');
            this.synced = true;
            await this.send([ACK]);
          }
        } else {
          const [code, check] = await this.idle(() => this.link.rx.take(2, IDLE_MS));
          if ((code ^ check) !== 0xff) {
            await this.send([NACK]);
            continue;
          }
          try {
            await this.command(code);
          } catch (e) {
            if (!(e instanceof DeviceTimeout)) throw e;
            this.log.push(`DROPPED 0x${code.toString(16)} (${e.message})`);
          }
        }
      }
    } catch (e) {
      if (!this.closed) this.log.push(`STOPPED (${(e as Error).message})`);
    }
  }

  /** Repeats an idle wait until something arrives (only close() ends it). */
  private async idle<T>(wait: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await wait();
      } catch (e) {
        if (!(e instanceof DeviceTimeout)) throw e;
      }
    }
  }

  private take(n: number): Promise<Buffer> {
    return this.link.rx.take(n, IN_COMMAND_MS);
  }

  private async send(bytes: number[] | Buffer): Promise<void> {
    if (this.silent) return;
    const b = Buffer.from(bytes);
    if (!this.faults.dripMs) return this.link.write(b);
    for (const byte of b) {
      await new Promise((r) => setTimeout(r, this.faults.dripMs));
      if (this.closed) return;
      await this.link.write(Buffer.from([byte]));
    }
  }

  /** Reads a 4-byte address and its XOR checksum; undefined (after a NACK) when the checksum is wrong. */
  private async address(): Promise<number | undefined> {
    const a = await this.take(5);
    if ((a[0] ^ a[1] ^ a[2] ^ a[3]) !== a[4]) {
      await this.send([NACK]);
      return undefined;
    }
    return a.readUInt32BE(0);
  }

  private inFlash(address: number, length: number): boolean {
    return address >= FLASH_BASE && address + length <= FLASH_BASE + this.flash.length;
  }

  private commandList(): number[] {
    const erase = this.version >= 0x30 ? 0x44 : 0x43;
    return [0x00, 0x01, 0x02, 0x11, 0x21, 0x31, erase, 0x63, 0x73, 0x82, 0x92];
  }

  private async command(code: number): Promise<void> {
    switch (code) {
      case 0x00: {
        const cmds = this.commandList();
        this.log.push('GET');
        return this.send([ACK, cmds.length, this.version, ...cmds, ACK]);
      }
      case 0x01:
        this.log.push('GET_VERSION');
        return this.send([ACK, this.version, 0x00, 0x00, ACK]);
      case 0x02:
        this.log.push('GET_ID');
        return this.send([ACK, 0x01, this.pid >> 8, this.pid & 0xff, ACK]);
      case 0x11:
        return this.readMemory();
      case 0x21:
        return this.go();
      case 0x31:
        return this.writeMemory();
      case 0x43:
      case 0x44:
        if (code !== this.commandList()[6]) return this.send([NACK]);
        return code === 0x43 ? this.erase() : this.extendedErase();
      default:
        this.log.push(`UNSUPPORTED 0x${code.toString(16)}`);
        return this.send([NACK]);
    }
  }

  private async readMemory(): Promise<void> {
    await this.send([ACK]);
    const address = await this.address();
    if (address === undefined) return;
    await this.send([ACK]);
    const [n, check] = await this.take(2);
    if ((n ^ check) !== 0xff || !this.inFlash(address, n + 1)) return this.send([NACK]);
    this.log.push(`READ 0x${address.toString(16)} ${n + 1}`);
    await this.send([ACK]);
    return this.send(this.read(address, n + 1));
  }

  private async go(): Promise<void> {
    await this.send([ACK]);
    const address = await this.address();
    if (address === undefined) return;
    this.log.push(`GO 0x${address.toString(16)}`);
    if (this.faults.nackGo) return this.send([NACK]);
    // Recorded before the ACK goes out: stm32flash exits on the ACK, and the caller may look at once.
    this.started = address;
    await this.send([ACK]);
    this.silent = true; // the program runs: the boot loader is gone until the next reset
  }

  private async writeMemory(): Promise<void> {
    await this.send([ACK]);
    const address = await this.address();
    if (address === undefined) return;
    await this.send([ACK]);
    const [n] = await this.take(1);
    const data = await this.take(n + 1);
    const [cs] = await this.take(1);
    const sum = data.reduce((x, b) => x ^ b, n);
    if (sum !== cs || address % 4 !== 0 || !this.inFlash(address, n + 1)) return this.send([NACK]);
    this.writes++;
    this.log.push(`WRITE 0x${address.toString(16)} ${n + 1}`);
    if (this.faults.stopAtWrite === this.writes) {
      this.silent = true;
      return;
    }
    if (this.faults.dropAtWrite === this.writes) {
      this.log.push('DROP');
      this.closed = true;
      await this.link.close();
      this.onDrop?.();
      return;
    }
    const disturb = this.faults.corruptAt;
    if (disturb?.write === this.writes) this.flash[disturb.address - FLASH_BASE] ^= 0xff;
    if (this.faults.nackWrite === this.writes) return this.send([NACK]);
    const at = address - FLASH_BASE;
    for (let i = 0; i < data.length; i++) this.flash[at + i] &= data[i];
    const weak = this.faults.flipBitAt;
    if (weak !== undefined && weak >= address && weak < address + data.length) this.flash[weak - FLASH_BASE] = data[weak - address] ^ 0x01;
    return this.send([ACK]);
  }

  private erasePages(pages: number[]): boolean {
    if (pages.some((p) => p >= this.pages.length)) return false;
    for (const p of pages) {
      const start = this.pages.slice(0, p).reduce((a, b) => a + b, 0);
      this.flash.fill(0xff, start, start + this.pages[p]);
    }
    return true;
  }

  private massErase(): void {
    this.log.push('MASS_ERASE');
    this.flash.fill(0xff);
  }

  /** ERASE (0x43): N then N + 1 page bytes and their XOR with N; 0xFF 0x00 erases everything. */
  private async erase(): Promise<void> {
    await this.send([ACK]);
    const [n] = await this.take(1);
    if (n === 0xff) {
      const [cs] = await this.take(1);
      if (cs !== 0x00) return this.send([NACK]);
      this.massErase();
      return this.send([ACK]);
    }
    const pages = [...(await this.take(n + 1))];
    const [cs] = await this.take(1);
    if (pages.reduce((x, b) => x ^ b, n) !== cs) return this.send([NACK]);
    this.log.push(`ERASE ${pages.join(',')}`);
    return this.send([this.erasePages(pages) ? ACK : NACK]);
  }

  /** EXTENDED_ERASE (0x44): N − 1 as u16, then N u16 page numbers, then the XOR of all; 0xFFFF 0x00 erases everything. */
  private async extendedErase(): Promise<void> {
    await this.send([ACK]);
    const head = await this.take(2);
    const n = head.readUInt16BE(0);
    if (n >= 0xfff0) {
      const [cs] = await this.take(1);
      if (cs !== (head[0] ^ head[1]) || n < 0xfffd) return this.send([NACK]);
      this.massErase();
      return this.send([ACK]);
    }
    const body = await this.take(2 * (n + 1));
    const [cs] = await this.take(1);
    if ([...head, ...body].reduce((x, b) => x ^ b, 0) !== cs) return this.send([NACK]);
    const pages = Array.from({ length: n + 1 }, (_, i) => body.readUInt16BE(2 * i));
    this.log.push(`ERASE ${pages.join(',')}`);
    return this.send([this.erasePages(pages) ? ACK : NACK]);
  }
}
