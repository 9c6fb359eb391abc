/**
 * ESP32 flasher: Espressif's own esptool-js drives the chip's serial ROM loader (through tinyfit's serial layer,
 * see esptoolTransport.ts): reset into the loader with DTR/RTS, sync, chip detection, the flasher stub (optional),
 * a baud switch, compressed (or plain) writes, an MD5 the chip computes over what it wrote, and a reset to run the
 * image. Each phase fails with its own exit code and one line; a write that breaks part-way resumes from the last
 * sector the chip confirmed; an MD5 mismatch is EXIT.verify, never a success; a reset that fails after a verified
 * write says the image is written.
 */
import * as crypto from 'crypto';
import { EXIT, TinyfitError } from '../../errors';
import { withTimeout } from '../withTimeout';
import { TrackingLoader, EraseFailure } from './esp32Loader';
import { esptoolTransport, NodeSerialOptions, UsbIds } from './esptoolTransport';
import { FlashOptions, FlashResult, ImageSegment } from './types';

/** Options of {@link flashEsp32}, beyond every flasher's. `baud` is the loader's start speed (default 115200). */
export interface Esp32FlashOptions extends FlashOptions {
  /** Speed to switch to for the write (default 460800; equal to `baud` for no switch). */
  writeBaud?: number;
  /** Upload and run esptool's flasher stub (default true): faster writes; false talks to the ROM loader only. */
  stub?: boolean;
  /** Send the image deflate-compressed (default true). */
  compress?: boolean;
  /** How to enter the loader: DTR/RTS reset (default), the USB-JTAG-serial sequence, or none (BOOT held by hand). */
  before?: 'default_reset' | 'usb_reset' | 'no_reset';
  /** What to do after a verified write: reset via RTS (default; on a port without modem lines the ROM's "run user code"), or nothing. */
  after?: 'hard_reset' | 'no_reset';
  /** Reset-and-sync attempts (default 7). */
  connectAttempts?: number;
  /** Deadline of the whole connect phase, ms (default 20000). */
  connectTimeoutMs?: number;
  /** Flash size told to the ROM loader (SPI_SET_PARAMS), bytes (default 4 MiB). */
  flashSize?: number;
  /** Times a broken write resumes before giving up (default 3). */
  maxResumes?: number;
  /** The port's USB ids, if known (picks the USB-JTAG-serial reset for Espressif's own USB). */
  usb?: UsbIds;
  /** esptool-js's progress lines. */
  log?: (line: string) => void;
  /** Opens the link (default: tinyfit's serialport transport). */
  open?: NodeSerialOptions['open'];
}

/** What a successful ESP32 flash did. */
export interface Esp32FlashResult extends FlashResult {
  /** The chip esptool-js detected ("ESP32", "ESP32-C3", …). */
  chip: string;
  /** Whether the flasher stub ran (false: the ROM loader wrote). */
  stub: boolean;
  compressed: boolean;
}

const SECTOR = 0x1000;
const ESP_SPI_ATTACH = 0x0d;
const ESP_SPI_SET_PARAMS = 0x0b;

/** An error as one line; esptool-js's read timeouts ("Serial data stream stopped…") said plainly. */
function oneLine(e: unknown): string {
  const m = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  return /^(Serial data stream stopped|No serial data received)/.test(m) ? 'no answer from the chip' : m;
}
const hex = (n: number): string => `0x${n.toString(16)}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Pads to a multiple of 4 bytes with 0xFF, as esptool does before writing (the MD5 covers the padded bytes). */
function pad4(data: Buffer): Buffer {
  const n = (4 - (data.length % 4)) % 4;
  return n ? Buffer.concat([data, Buffer.alloc(n, 0xff)]) : data;
}

function u32s(...v: number[]): Uint8Array {
  const b = Buffer.alloc(4 * v.length);
  v.forEach((x, i) => b.writeUInt32LE(x >>> 0, 4 * i));
  return new Uint8Array(b);
}

/**
 * Flashes `segments` to an ESP32-family chip on `opts.port` through its serial ROM loader.
 * @returns bytes written, 'md5' verification, time per phase, blocks rewritten after a resume, the write baud, chip
 * @throws TinyfitError with EXIT.connect (no loader answered, stub or baud switch failed), EXIT.erase, EXIT.write
 *   (after `maxResumes` resumes), EXIT.verify (MD5 mismatch or no MD5), EXIT.reset (the image IS written), or
 *   EXIT.user (a segment not 4 KiB aligned)
 */
export async function flashEsp32(segments: ImageSegment[], opts: Esp32FlashOptions): Promise<Esp32FlashResult> {
  for (const s of segments) {
    if (s.address % SECTOR) throw new TinyfitError(`segment at ${hex(s.address)} is not 4 KiB aligned: ESP32 flash is erased by 4 KiB sectors`, EXIT.user);
  }
  const port = opts.port;
  const log = opts.log ?? (() => {});
  const romBaud = opts.baud ?? 115200;
  const writeBaud = opts.writeBaud ?? 460800;
  const compress = opts.compress ?? true;
  const { transport, device } = esptoolTransport(port, { trace: opts.trace, usb: opts.usb, open: opts.open }, log);
  const loader = new TrackingLoader({
    transport,
    baudrate: writeBaud,
    romBaudrate: romBaud,
    terminal: { clean: () => {}, writeLine: log, write: log },
  });
  const phaseMs: FlashResult['phaseMs'] = {};
  const timed = async <T>(phase: keyof FlashResult['phaseMs'], f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      phaseMs[phase] = (phaseMs[phase] ?? 0) + Date.now() - t0;
    }
  };
  try {
    await timed('connect', () => connect(loader, device, opts, romBaud, writeBaud));
    const images = segments.map((s) => ({ address: s.address, data: pad4(s.data) }));
    const total = images.reduce((n, s) => n + s.data.length, 0);
    let resumedBlocks = 0;
    await timed('write', async () => {
      let base = 0;
      for (const img of images) {
        resumedBlocks += await writeSegment(loader, img, compress, opts, (done) => opts.progress?.('write', base + done, total));
        base += img.data.length;
      }
    });
    phaseMs.erase = loader.eraseMs;
    phaseMs.write = (phaseMs.write ?? 0) - loader.eraseMs;
    await timed('verify', () => verify(loader, images, opts));
    await timed('reset', () => reset(loader, device, opts));
    return {
      bytes: total,
      verified: 'md5',
      phaseMs,
      resumedBlocks,
      baud: device.transport?.baudRate || romBaud,
      chip: loader.chip.CHIP_NAME,
      stub: loader.IS_STUB,
      compressed: compress,
    };
  } finally {
    await transport.disconnect().catch(() => {});
    await device.close();
  }
}

/** Resets into the loader, syncs, detects the chip, runs the stub, switches baud, attaches the SPI flash. */
async function connect(loader: TrackingLoader, device: ReturnType<typeof esptoolTransport>['device'], opts: Esp32FlashOptions, romBaud: number, writeBaud: number): Promise<void> {
  const port = opts.port;
  try {
    await withTimeout(loader.detectChip(opts.before ?? 'default_reset', opts.connectAttempts ?? 7), opts.connectTimeoutMs ?? 20_000, `connecting to ${port}`);
  } catch (e) {
    if (!device.everOpened && e instanceof TinyfitError) throw e; // the port itself: missing, busy, permission
    throw new TinyfitError(`no ESP32 ROM loader answered on ${port}: hold BOOT and press RESET, or check the port`, EXIT.connect);
  }
  if (opts.stub ?? true) {
    try {
      await loader.runStub();
    } catch (e) {
      throw new TinyfitError(`starting the flasher stub on the ${loader.chip.CHIP_NAME} at ${port} failed (${oneLine(e)}): retry, or flash without the stub (--no-stub)`, EXIT.connect);
    }
  }
  if (writeBaud !== romBaud) {
    try {
      await loader.changeBaud(); // esptool-js steps back to the ROM speed by itself when the new one does not work
    } catch (e) {
      throw new TinyfitError(`switching ${port} to ${writeBaud} baud failed (${oneLine(e)}): retry with a lower --baud`, EXIT.connect);
    }
  }
  // The ROM loader takes 1 KiB blocks (esptool's ROM block size; esptool-js would send the stub's 16 KiB).
  if (!loader.IS_STUB) loader.FLASH_WRITE_SIZE = loader.chip.FLASH_WRITE_SIZE;
  try {
    // The ROM loader needs the flash attached (and takes a second, zero word); the stub attaches by itself.
    await loader.checkCommand('attach SPI flash', ESP_SPI_ATTACH, loader.IS_STUB ? u32s(0) : u32s(0, 0));
    await loader.checkCommand('set SPI flash parameters', ESP_SPI_SET_PARAMS, u32s(0, opts.flashSize ?? 4 << 20, 64 << 10, SECTOR, 256, 0xffff));
  } catch (e) {
    throw new TinyfitError(`the ${loader.chip.CHIP_NAME} on ${port} did not attach its SPI flash (${oneLine(e)}): check the flash wiring and power`, EXIT.connect);
  }
}

/**
 * Writes one segment, resuming from the last sector the chip confirmed when a write breaks.
 * @returns blocks written again because of resumes
 */
async function writeSegment(loader: TrackingLoader, img: { address: number; data: Buffer }, compress: boolean, opts: Esp32FlashOptions, progress: (done: number) => void): Promise<number> {
  const port = opts.port;
  const maxResumes = opts.maxResumes ?? 3;
  let start = 0;
  let resumes = 0;
  let rewritten = 0;
  for (;;) {
    const piece = img.data.subarray(start);
    try {
      await loader.writeFlash({
        fileArray: [{ data: new Uint8Array(piece), address: img.address + start }],
        flashMode: 'keep',
        flashFreq: 'keep',
        flashSize: 'keep',
        eraseAll: false,
        compress,
        reportProgress: (_i, sent, total) => progress(start + Math.floor((piece.length * sent) / Math.max(total, 1))),
      });
      return rewritten;
    } catch (e) {
      const at = img.address + start;
      if (e instanceof EraseFailure) {
        throw new TinyfitError(`erasing ${hex(at)}..${hex(img.address + img.data.length)} on ${port} failed (${oneLine(e)}): check the flash size and the board's power, then flash again`, EXIT.erase);
      }
      if (e instanceof TinyfitError && e.exitCode === EXIT.connect) throw e; // the port vanished: resuming cannot help
      const good = Math.min(loader.confirmedBytes(), piece.length);
      const resumeAt = start + Math.floor(good / SECTOR) * SECTOR;
      if (resumes >= maxResumes) {
        throw new TinyfitError(
          `writing to ${port} failed at ${hex(img.address + start + good)} after ${resumes} resumes (${oneLine(e)}): ${start + good} of ${img.data.length} B at ${hex(img.address)} are written; flash again (a lower --baud helps on long cables)`,
          EXIT.write,
        );
      }
      resumes++;
      rewritten += Math.ceil((Math.min(loader.sentBytes(), piece.length) - (resumeAt - start)) / loader.FLASH_WRITE_SIZE);
      opts.log?.(`write broke at ${hex(img.address + start + good)} (${oneLine(e)}): resuming from ${hex(img.address + resumeAt)}`);
      start = resumeAt;
    }
  }
}

/**
 * The MD5 as 32 hex digits. The ROM loader answers 32 ASCII hex digits, the stub 16 raw bytes; esptool-js 0.7 hex-
 * encodes both, so the ROM's comes back as the hex of its ASCII text (64 digits) and is decoded once more here.
 */
function md5Text(s: string): string {
  const t = s.toLowerCase();
  if (t.length !== 64) return t;
  const ascii = Buffer.from(t, 'hex').toString('latin1').toLowerCase();
  return /^[0-9a-f]{32}$/.test(ascii) ? ascii : t;
}

/** Has the chip compute the MD5 of every segment and compares it with the image's. */
async function verify(loader: TrackingLoader, images: { address: number; data: Buffer }[], opts: Esp32FlashOptions): Promise<void> {
  let done = 0;
  const total = images.reduce((n, s) => n + s.data.length, 0);
  for (const img of images) {
    const want = crypto.createHash('md5').update(img.data).digest('hex');
    let got: string;
    try {
      got = md5Text(await loader.flashMd5sum(img.address, img.data.length));
    } catch (e) {
      throw new TinyfitError(`the chip on ${opts.port} did not report the MD5 of ${hex(img.address)}..${hex(img.address + img.data.length)} (${oneLine(e)}): the image is NOT verified; flash again`, EXIT.verify);
    }
    if (got !== want) {
      throw new TinyfitError(`verify failed on ${opts.port}: flash MD5 at ${hex(img.address)} is ${got}, the image's is ${want}: the image is NOT written correctly; flash again (lower --baud if it repeats)`, EXIT.verify);
    }
    done += img.data.length;
    opts.progress?.('verify', done, total);
  }
}

/** Restarts the chip into the new image: an RTS pulse, or the ROM's "run user code" where the port has no RTS line. */
async function reset(loader: TrackingLoader, device: ReturnType<typeof esptoolTransport>['device'], opts: Esp32FlashOptions): Promise<void> {
  if (opts.after === 'no_reset') return;
  const failed = (why: string): TinyfitError =>
    new TinyfitError(`the image IS written and verified, but resetting the board on ${opts.port} failed (${why}): press its RESET button to run it`, EXIT.reset);
  try {
    if (device.modemLines !== false) {
      await loader.transport.setDTR(false);
      await loader.transport.setRTS(true); // EN low: chip in reset
      await sleep(100);
      await loader.transport.setRTS(false);
    }
    if (device.modemLines === false) {
      if (loader.IS_STUB) throw failed('the port has no RTS line and the stub cannot restart an ESP32');
      await loader.softReset(false); // FLASH_BEGIN(0) + FLASH_END(run user code)
    }
  } catch (e) {
    if (e instanceof TinyfitError && e.exitCode === EXIT.reset) throw e;
    throw failed(oneLine(e instanceof EraseFailure ? e.cause : e));
  }
}
