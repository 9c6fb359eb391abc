/**
 * Flashes an STM32 through its system boot loader on a USART (ST AN3155) with the Debian `stm32flash` tool — the
 * field's own client of that protocol, as PlatformIO uses it. One run erases the erase units the image covers,
 * writes it in 256-byte blocks reading every block back (`-v`, re-writing a differing block up to `-n` times),
 * then starts it (GO, `-g`; or, when the boot sequence has an exit part, the reset by DTR/RTS, `-R`). A run that
 * fails part-way is resumed (`-S address:length`) from the start of the erase unit holding the first block the
 * board did not confirm (everything before it was read back equal), a bounded number of times; after a resume
 * the whole image is read back once more (`-r`) and compared, since the resumed erase must not have touched what
 * the earlier run wrote. Every run has a deadline. Each phase fails with its own exit code; a failed start after a
 * verified write says the image is written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, TinyfitError } from '../../errors';
import { openFailure } from '../serialTransport';
import { runTool } from './runTool';
import { joinSegments } from './joinSegments';
import { eraseUnits, unitStart } from './stm32Devices';
import { phaseExit } from './phaseExit';
import { quoteTool, Stm32flashContext, stm32flashFailure, Stm32flashReport, Stm32flashWatcher } from './stm32flashOutput';
import { hex2, hex8 } from './hex';
import { FlashOptions, FlashPhase, FlashResult, ImageSegment } from './types';

/** Where STM32 main flash starts (every family the USART boot loader serves). */
const FLASH_BASE = 0x08000000;
/** Bytes stm32flash writes and reads back per command. */
const BLOCK = 256;
/** The Debian package that provides the tool. */
const MISSING = 'stm32flash is not installed: install the Debian package stm32flash (sudo apt install stm32flash)';

/** Options of {@link flashStm32}. */
export interface Stm32flashOptions extends FlashOptions {
  /** Line settings, stm32flash `-m` (default '8e1': the boot loader speaks 8 data bits, even parity, 1 stop bit). */
  mode?: string;
  /**
   * The DTR/RTS (or GPIO) sequence that puts the board into its boot loader and back, stm32flash `-i`
   * (`entry[:exit]`, e.g. `rts&-dtr,dtr:-rts&-dtr,,,dtr` for RTS on BOOT0 and DTR on NRST; polarity depends on
   * the adapter). Default: none — set BOOT0 high and reset the board by hand.
   */
  bootSequence?: string;
  /** The product ID the board must answer (see `stm32ProductId(mcu)`): another chip is refused before anything is erased. Default: not checked. */
  productId?: number;
  /**
   * Start the program after the verified write. Default true: GO at the image's address, or, when
   * `bootSequence` has an exit part (after ':'), a reset through it (BOOT0 low, NRST pulsed; stm32flash `-R`).
   */
  start?: boolean;
  /** Read the whole image back and compare it after the write, even when nothing was resumed. Default false (every block is read back as it is written; after a resume the whole image always is). */
  fullReadBack?: boolean;
  /** Re-writes of a block whose read-back differs, stm32flash `-n` (default 10, stm32flash's own). */
  verifyRetries?: number;
  /** How many times a write that failed part-way is resumed (default 3). */
  resumes?: number;
  /** Deadline of each stm32flash run, ms (default: 20 s plus twice the time the image takes to go and come back at the baud rate, plus erase time). */
  timeoutMs?: number;
  /** Every line stm32flash prints (`--verbose`). */
  log?: (line: string) => void;
  /** The stm32flash executable (default `stm32flash` on the PATH). */
  command?: string;
}

/** The default deadline of a run writing `bytes` at `baud`: 20 s, the transfer both ways twice over, 2 s per 128 KB erased. */
export function defaultTimeoutMs(bytes: number, baud: number): number {
  const transfer = Math.ceil((bytes * 2 * 11 * 1000) / baud) * 2;
  return 20_000 + transfer + 2000 * Math.ceil(bytes / (128 * 1024));
}

/** Checks the options before anything touches the board. */
function validate(image: ImageSegment, opts: Stm32flashOptions): void {
  if (image.address % 4 !== 0) throw new TinyfitError(`the image address ${hex8(image.address)} is not word-aligned: the STM32 boot loader writes words`);
  if (opts.mode !== undefined && !/^[5-8][neo][12]$/i.test(opts.mode)) throw new TinyfitError(`mode '${opts.mode}' is not data bits, parity, stop bits (like 8e1)`);
  if (opts.baud !== undefined && !(Number.isInteger(opts.baud) && opts.baud > 0)) throw new TinyfitError(`baud ${opts.baud} is not a positive whole number`);
  if (!fs.existsSync(opts.port)) throw openFailure(opts.port, new Error('ENOENT'));
}

/** Phase durations from the marks of one run (ms since its start); `end` is the run's length. */
function addPhaseMs(into: Partial<Record<FlashPhase, number>>, r: Stm32flashReport, end: number): void {
  const k = r.marks;
  const add = (p: FlashPhase, from: number | undefined, to: number | undefined): void => {
    if (from !== undefined && to !== undefined && to >= from) into[p] = (into[p] ?? 0) + (to - from);
  };
  add('connect', 0, k.connected ?? (r.phase === 'connect' ? end : undefined));
  add('erase', k.eraseStart, k.writeStart ?? (r.phase === 'erase' ? end : undefined));
  add('write', k.writeStart, k.writeDone ?? (r.phase === 'write' ? end : undefined));
  add('verify', r.reading ? k.connected : undefined, r.reading ? (k.writeDone ?? (r.phase === 'verify' ? end : undefined)) : undefined);
  add('reset', r.reading ? undefined : k.writeDone, k.goDone);
}

/** Runs stm32flash once; returns its report and failure (undefined when it succeeded). */
async function runOnce(args: string[], opts: Stm32flashOptions, ctx: Stm32flashContext, timeoutMs: number, onProgress?: (address: number) => void) {
  const w = new Stm32flashWatcher();
  const run = await runTool(opts.command ?? 'stm32flash', [...args, opts.port], {
    timeoutMs,
    missing: MISSING,
    onLine: (line, ms) => {
      opts.log?.(line);
      const at = w.line(line, ms);
      if (w.report.phase === 'erase' && w.report.marks.eraseStart === ms) opts.progress?.('erase', 0, 1);
      if (at !== undefined) onProgress?.(at);
    },
  });
  const r = w.report;
  let failure: TinyfitError | undefined;
  if (run.timedOut) {
    const last = quoteTool(r.errors.length ? r.errors : run.output.split(/[\r\n]/).filter((l) => l.trim()).slice(-1));
    failure = new TinyfitError(
      `stm32flash did not finish within ${timeoutMs} ms on ${ctx.port} (stopped during ${r.phase}; ${last}): the board stopped answering or the link is too slow — reset it into the boot loader and retry`,
      phaseExit(r.phase),
    );
  } else {
    failure = stm32flashFailure(r, run.code, ctx);
  }
  return { report: r, failure, ms: run.ms, timedOut: run.timedOut };
}

/** The first offset where two buffers differ (-1 when equal). */
function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/**
 * Flashes an image (its segments joined, gaps 0xFF) through the STM32 USART boot loader with stm32flash: erase,
 * write with read-back of every block, start.
 * @returns what it did (`verified: 'readback'`; `resumedBlocks`: 256-byte blocks sent again after a failure, from
 *   the start of the failed block's erase unit)
 * @throws TinyfitError with the exit code of the failing phase (EXIT.connect, erase, write, verify, reset); a
 *   failed start after a verified write is EXIT.reset and says the image is written; stm32flash missing: exit 1
 */
export async function flashStm32(segments: ImageSegment[], opts: Stm32flashOptions): Promise<FlashResult> {
  const image = joinSegments(segments);
  validate(image, opts);
  const baud = opts.baud ?? 115200;
  const mode = opts.mode ?? '8e1';
  const ctx: Stm32flashContext = { port: opts.port, baud, mode, bootSequence: opts.bootSequence };
  const base = ['-b', String(baud), '-m', mode, ...(opts.bootSequence ? ['-i', opts.bootSequence] : [])];
  const startArgs = opts.start === false ? [] : opts.bootSequence?.includes(':') ? ['-R'] : ['-g', hex8(image.address)];
  const phaseMs: Partial<Record<FlashPhase, number>> = {};
  const total = image.data.length;
  const span = `${hex8(image.address)}:${total}`;

  if (opts.productId !== undefined) {
    const probe = await runOnce(base, opts, ctx, opts.timeoutMs ?? 20_000);
    addPhaseMs(phaseMs, probe.report, probe.ms);
    if (probe.failure) throw probe.failure;
    const id = probe.report.deviceId;
    if (id !== opts.productId) {
      const what = id === undefined ? 'no device ID' : `device ID 0x${id.toString(16)} (${probe.report.deviceName ?? '?'})`;
      throw new TinyfitError(`the board on ${opts.port} answers ${what}, not the target's 0x${opts.productId.toString(16)}: wrong port or wrong --target; nothing was erased`, EXIT.connect);
    }
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-stm32-'));
  try {
    let offset = 0;
    let resumedBlocks = 0;
    let firstFailure: TinyfitError | undefined;
    for (let attempt = 0; ; attempt++) {
      const address = image.address + offset;
      const data = image.data.subarray(offset);
      const file = path.join(dir, `image-${attempt}.bin`);
      fs.writeFileSync(file, data);
      // Start at the end of this run unless the whole image is read back first (always after a resume).
      const readBackAfter = opts.fullReadBack === true || attempt > 0;
      const args = [...base, '-w', file, '-v', '-n', String(opts.verifyRetries ?? 10), '-S', `${hex8(address)}:${data.length}`, ...(readBackAfter ? [] : startArgs)];
      const run = await runOnce(args, opts, ctx, opts.timeoutMs ?? defaultTimeoutMs(data.length, baud), (at) => {
        if (at === address + Math.min(BLOCK, data.length)) opts.progress?.('erase', 1, 1);
        opts.progress?.('write', at - image.address, total);
      });
      addPhaseMs(phaseMs, run.report, run.ms);
      const r = run.report;
      if (!run.failure) {
        if (readBackAfter) await readBackAndStart(image, opts, ctx, base, startArgs, span, dir, phaseMs);
        return { bytes: total, verified: 'readback', phaseMs, resumedBlocks, baud };
      }
      if (firstFailure && r.phase === 'connect') {
        throw new TinyfitError(`${firstFailure.message}; resuming from ${hex8(address)} failed: ${run.failure.message}`, firstFailure.exitCode);
      }
      const resumable = !run.timedOut && r.phase === 'write' && r.failedAt !== undefined && !r.mismatch;
      if (!resumable || attempt >= (opts.resumes ?? 3)) {
        if (attempt === 0) throw run.failure;
        throw new TinyfitError(`${run.failure.message} (after ${attempt} resume${attempt === 1 ? '' : 's'})`, run.failure.exitCode);
      }
      firstFailure ??= run.failure;
      // Everything below the failed block was read back equal; resume at the start of its erase unit, which the
      // resumed run erases again (but never below the image's own start).
      const failedAt = Math.min(r.failedAt!, r.verifiedTo ?? r.failedAt!);
      const units = eraseUnits(r.deviceId ?? 0, r.firstPage ?? 2048);
      const resumeAt = Math.max(image.address, FLASH_BASE + unitStart(units, failedAt - FLASH_BASE));
      resumedBlocks += Math.ceil((r.failedAt! - resumeAt) / BLOCK) + 1;
      offset = resumeAt - image.address;
      opts.log?.(`resuming the write at ${hex8(resumeAt)} (failed at ${hex8(r.failedAt!)})`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads the whole image back (`-r`), compares it byte for byte, and only then starts it (`-c`: the boot loader is
 * still listening from the read, no new autobaud byte).
 * @throws TinyfitError EXIT.verify naming the first differing address; the failures of the read and the start
 */
async function readBackAndStart(
  image: ImageSegment,
  opts: Stm32flashOptions,
  ctx: Stm32flashContext,
  base: string[],
  startArgs: string[],
  span: string,
  dir: string,
  phaseMs: Partial<Record<FlashPhase, number>>,
): Promise<void> {
  const file = path.join(dir, 'readback.bin');
  const total = image.data.length;
  const read = await runOnce([...base, '-r', file, '-S', span], opts, ctx, opts.timeoutMs ?? defaultTimeoutMs(total, ctx.baud), (at) =>
    opts.progress?.('verify', at - image.address, total),
  );
  addPhaseMs(phaseMs, read.report, read.ms);
  if (read.failure) throw read.failure;
  const back = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  const at = firstDifference(image.data, back);
  if (at >= 0) {
    const what = at < back.length ? `reads ${hex2(back[at])} where the image has ${hex2(image.data[at])}` : `was read back short (${back.length} of ${total} bytes)`;
    throw new TinyfitError(`verify failed on ${opts.port}: ${hex8(image.address + at)} ${what} in the final read-back: the flash does not hold the image; do not run it, flash again`, EXIT.verify);
  }
  if (startArgs.length === 0) return;
  // GO: same link settings, no boot sequence (it would reset the board into a boot loader not yet synchronised).
  // A reset through the boot sequence's exit part needs the sequence, and then a fresh autobaud.
  const goArgs = startArgs[0] === '-R' ? [...base, '-R'] : ['-b', String(ctx.baud), '-m', ctx.mode, '-c', ...startArgs];
  const go = await runOnce(goArgs, opts, ctx, opts.timeoutMs ?? 20_000);
  addPhaseMs(phaseMs, go.report, go.ms);
  if (go.failure) throw go.failure;
}
