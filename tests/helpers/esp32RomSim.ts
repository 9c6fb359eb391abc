/**
 * An ESP32 (or ESP32-C3) ROM serial loader, simulated on a pty pair made by `socat`: SLIP frames, the command and
 * response layouts of Espressif's serial-protocol documentation (ROM: 4 status bytes, MD5 as 32 hex digits; once a
 * stub is "run" through MEM_BEGIN/DATA/END it answers "OHAI" and behaves as the stub: 2 status bytes, raw MD5).
 * Flash is NOR-like: FLASH_BEGIN erases whole 4 KiB sectors to 0xFF and a write can only clear bits, so a flasher
 * that writes without erasing leaves a wrong image. Fault knobs: a block corrupted in memory (MD5 mismatch), a
 * write session lost at one block (the resume case), a loader that never answers or falls silent.
 */
import * as crypto from 'crypto';
import * as zlib from 'zlib';
import { SerialPort } from 'serialport';
import { openPtyPair } from './ptyPair';

/** Options of {@link startEsp32RomSim}. */
export interface Esp32RomSimOptions {
  chip?: 'esp32' | 'esp32c3';
  /** Flash size in bytes (default 4 MiB). */
  flashSize?: number;
  /** Data block (0-based, counted over the whole session) whose first written byte is flipped in memory. */
  corruptBlock?: number;
  /** Data block (0-based, counted over the session) that fails once, the write session being lost with it. */
  failDataAt?: number;
  /** Never answers anything. */
  silent?: boolean;
  /** Falls silent after answering the first command with this opcode (e.g. 0x13: after the MD5). */
  silentAfter?: number;
}

/** A running simulator. */
export interface Esp32RomSim {
  /** The pty the flasher opens. */
  port: string;
  /** The simulated SPI flash. */
  flash: Buffer;
  /** Opcodes received, in order. */
  commands: number[];
  /** Every FLASH_BEGIN / FLASH_DEFL_BEGIN that erased: flash offset and erase size. */
  begins: { offset: number; size: number }[];
  /** The baud rate of the last CHANGE_BAUDRATE (0 if none). */
  baud: number;
  /** Whether a stub was uploaded and "runs". */
  stub: boolean;
  /** Whether FLASH_END/FLASH_DEFL_END asked to leave the loader (run user code or reboot). */
  left: boolean;
  stop(): Promise<void>;
}

const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
} as const;

/** ROM loader error codes (serial-protocol docs). */
const ERR = { invalidParam: 0x01, invalidMessage: 0x05, badResult: 0x06, checksum: 0x07, flashWrite: 0x08, deflate: 0x0b } as const;

const CHIP_MAGIC_REG = 0x40001000;
const CHIPS = { esp32: { magic: 0x00f01d83, chipId: undefined }, esp32c3: { magic: 0x6921506f, chipId: 5 } } as const;
const SECTOR = 0x1000;

function slipEncode(p: Buffer): Buffer {
  const out: number[] = [0xc0];
  for (const b of p) {
    if (b === 0xc0) out.push(0xdb, 0xdc);
    else if (b === 0xdb) out.push(0xdb, 0xdd);
    else out.push(b);
  }
  out.push(0xc0);
  return Buffer.from(out);
}

/** Reassembles SLIP frames from a byte stream. */
class SlipReader {
  private frame: number[] | undefined;
  private esc = false;
  constructor(private readonly onFrame: (f: Buffer) => void) {}
  push(data: Buffer): void {
    for (const b of data) {
      if (b === 0xc0) {
        if (this.frame && this.frame.length) this.onFrame(Buffer.from(this.frame));
        this.frame = [];
        this.esc = false;
      } else if (!this.frame) {
        continue; // noise between frames
      } else if (this.esc) {
        this.esc = false;
        this.frame.push(b === 0xdc ? 0xc0 : b === 0xdd ? 0xdb : b);
      } else if (b === 0xdb) {
        this.esc = true;
      } else {
        this.frame.push(b);
      }
    }
  }
}

interface WriteSession {
  deflate: boolean;
  offset: number;
  blockSize: number;
  blocks: number;
  nextSeq: number;
  /** Compressed bytes received (deflate sessions) and how much of their inflation is already in flash. */
  compressed: Buffer[];
  inflated: number;
}

/** Starts the simulated ROM loader; the flasher opens `sim.port`. */
export async function startEsp32RomSim(opts: Esp32RomSimOptions = {}): Promise<Esp32RomSim> {
  const { a, b, close } = await openPtyPair();
  const chip = CHIPS[opts.chip ?? 'esp32'];
  // Old flash content: not 0xFF, so a missing erase shows.
  const flash = Buffer.alloc(opts.flashSize ?? 4 << 20);
  for (let i = 0; i < flash.length; i++) flash[i] = (i * 167 + 13) & 0xff;
  const port = new SerialPort({ path: b, baudRate: 115200, lock: false, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve()))).catch(async (e) => {
    await close();
    throw e;
  });

  let stub = false;
  let attached = false;
  let silent = !!opts.silent;
  let session: WriteSession | undefined;
  let dataBlocks = 0;
  let corruptPending = false;
  let failed = false;
  const mem: Buffer[] = [];

  const sim: Esp32RomSim = {
    port: a,
    flash,
    commands: [],
    begins: [],
    baud: 0,
    stub: false,
    left: false,
    stop: async () => {
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      await close();
    },
  };

  const send = (op: number, val: number, data: Buffer, status = 0, error = 0): void => {
    const st = stub ? Buffer.from([status, error]) : Buffer.from([status, error, 0, 0]);
    const body = Buffer.concat([data, st]);
    const head = Buffer.alloc(8);
    head[0] = 1;
    head[1] = op;
    head.writeUInt16LE(body.length, 2);
    head.writeUInt32LE(val >>> 0, 4);
    port.write(slipEncode(Buffer.concat([head, body])));
  };
  const ok = (op: number, data: Buffer = Buffer.alloc(0), val = 0): void => send(op, val, data);
  const fail = (op: number, error: number): void => send(op, 0, Buffer.alloc(0), 1, error);

  /** Writes to NOR flash (bits can only be cleared), applying a pending corruption to the first byte written. */
  const program = (addr: number, data: Buffer): void => {
    for (let i = 0; i < data.length && addr + i < flash.length; i++) flash[addr + i] &= data[i];
    if (corruptPending && data.length) {
      flash[addr] ^= 0x01;
      corruptPending = false;
    }
  };
  const erase = (offset: number, size: number): boolean => {
    if (offset % SECTOR || offset + size > flash.length) return false;
    const end = Math.min(flash.length, Math.ceil((offset + size) / SECTOR) * SECTOR);
    flash.fill(0xff, offset, end);
    return true;
  };
  const checksum = (data: Buffer): number => data.reduce((s, x) => s ^ x, 0xef);

  const onBegin = (op: number, p: Buffer): void => {
    const [size, blocks, blockSize, offset] = [0, 4, 8, 12].map((o) => p.readUInt32LE(o));
    if (!attached && !stub) return fail(op, ERR.badResult); // the ROM needs SPI_ATTACH first
    const deflate = op === OP.FLASH_DEFL_BEGIN;
    if (op === OP.FLASH_BEGIN && size === 0) {
      session = undefined; // FLASH_BEGIN(0, 0) + FLASH_END(run) is the ROM's "run user code"
      return ok(op);
    }
    if (!erase(offset, size)) return fail(op, ERR.invalidParam);
    sim.begins.push({ offset, size });
    session = { deflate, offset, blockSize, blocks, nextSeq: 0, compressed: [], inflated: 0 };
    ok(op);
  };

  const onData = (op: number, p: Buffer, chk: number): void => {
    const size = p.readUInt32LE(0);
    const seq = p.readUInt32LE(4);
    const data = p.subarray(16, 16 + size);
    const s = session;
    if (!s || s.deflate !== (op === OP.FLASH_DEFL_DATA) || seq !== s.nextSeq || data.length !== size) return fail(op, ERR.invalidMessage);
    if (checksum(data) !== chk) return fail(op, ERR.checksum);
    const n = dataBlocks++;
    if (n === opts.failDataAt && !failed) {
      failed = true;
      session = undefined; // the transfer is lost: only a new BEGIN restarts it
      return fail(op, ERR.flashWrite);
    }
    if (n === opts.corruptBlock) corruptPending = true;
    if (!s.deflate) {
      program(s.offset + seq * s.blockSize, data);
    } else {
      s.compressed.push(data);
      let out: Buffer;
      try {
        out = zlib.inflateSync(Buffer.concat(s.compressed), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch {
        return fail(op, ERR.deflate);
      }
      program(s.offset + s.inflated, out.subarray(s.inflated));
      s.inflated = out.length;
    }
    s.nextSeq++;
    ok(op);
  };

  const handle = (frame: Buffer): void => {
    if (frame.length < 8 || frame[0] !== 0) return;
    const op = frame[1];
    const len = frame.readUInt16LE(2);
    const chk = frame.readUInt32LE(4);
    const p = frame.subarray(8, 8 + len);
    if (silent || sim.left) return;
    sim.commands.push(op);
    switch (op) {
      case OP.SYNC:
        if (p.length !== 36 || p.readUInt32BE(0) !== 0x07071220 || p.subarray(4).some((x) => x !== 0x55)) return;
        for (let i = 0; i < (stub ? 1 : 8); i++) ok(op, Buffer.alloc(0), stub ? 0 : 0x20120707);
        break;
      case OP.READ_REG:
        ok(op, Buffer.alloc(0), p.readUInt32LE(0) === CHIP_MAGIC_REG ? chip.magic : 0);
        break;
      case OP.WRITE_REG:
      case OP.SPI_SET_PARAMS:
        ok(op);
        break;
      case OP.SPI_ATTACH:
        attached = true;
        ok(op);
        break;
      case OP.CHANGE_BAUDRATE:
        sim.baud = p.readUInt32LE(0);
        ok(op);
        break;
      case OP.GET_SECURITY_INFO:
        if (chip.chipId === undefined) return send(0, 0, Buffer.alloc(0), 1, ERR.invalidMessage); // the ESP32 ROM has no such command
        {
          const info = Buffer.alloc(20);
          info.writeUInt32LE(chip.chipId, 12);
          ok(op, info);
        }
        break;
      case OP.MEM_BEGIN:
        mem.length = 0;
        ok(op);
        break;
      case OP.MEM_DATA:
        mem.push(p.subarray(16));
        ok(op);
        break;
      case OP.MEM_END:
        ok(op);
        stub = true;
        sim.stub = true;
        port.write(slipEncode(Buffer.from('OHAI')));
        break;
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN:
        onBegin(op, p);
        break;
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA:
        onData(op, p, chk);
        break;
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END:
        ok(op);
        session = undefined;
        if (!stub || p.readUInt32LE(0) === 0) sim.left = true; // the ROM leaves; the stub only on reboot
        break;
      case OP.SPI_FLASH_MD5: {
        const [addr, size] = [p.readUInt32LE(0), p.readUInt32LE(4)];
        if (addr + size > flash.length) return fail(op, ERR.invalidParam);
        const md5 = crypto.createHash('md5').update(flash.subarray(addr, addr + size)).digest();
        ok(op, stub ? md5 : Buffer.from(md5.toString('hex'), 'ascii'));
        break;
      }
      default:
        send(0, 0, Buffer.alloc(0), 1, ERR.invalidMessage);
    }
    if (op === opts.silentAfter) silent = true;
  };

  const slip = new SlipReader(handle);
  port.on('data', (d: Buffer) => slip.push(d));
  return sim;
}
