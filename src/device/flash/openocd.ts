/**
 * Flashes an STM32 board through its ST-Link (SWD) with OpenOCD when it is installed — the field's own tool, as
 * PlatformIO uses it: `openocd -f interface/stlink.cfg -f target/<family>.cfg -c "program <image> verify reset
 * exit"`, which erases, writes, reads back and resets. Run under a deadline; its output is read into the phase
 * that failed (openocdOutput.ts). An ELF is programmed as it is (its sections carry their addresses); otherwise the
 * segments are joined into one .bin written at its address.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TinyfitError } from '../../errors';
import { joinSegments } from './joinSegments';
import { OpenocdContext, openocdFailure, OpenocdWatcher } from './openocdOutput';
import { phaseExit } from './phaseExit';
import { runTool } from './runTool';
import { hex8 } from './hex';
import { FlashOptions, FlashPhase, FlashResult, ImageSegment } from './types';

const MISSING = 'openocd is not installed: install the Debian package openocd (sudo apt install openocd), or flash over the USART boot loader with stm32flash';

/** Options of {@link flashOpenocd}. `port` is not used: the ST-Link is found on USB (pick one by `adapterSerial`). */
export interface OpenocdOptions extends Omit<FlashOptions, 'port' | 'baud'> {
  /** OpenOCD target config, e.g. `target/stm32f4x.cfg` (see {@link openocdTarget}). */
  target: string;
  /** OpenOCD adapter config (default `interface/stlink.cfg`). */
  adapter?: string;
  /** The ST-Link's USB serial number, to pick one of several boards (`adapter serial`). */
  adapterSerial?: string;
  /** SWD clock, kHz (`adapter speed`; default: the target config's). */
  speedKhz?: number;
  /** Program this ELF instead of the segments (its sections carry their addresses). */
  elf?: string;
  /** Reset and run the target after the verify (default true). */
  reset?: boolean;
  /** Deadline of the openocd run, ms (default 60 s plus 1 s per 16 KB). */
  timeoutMs?: number;
  /** Every line openocd prints (`--verbose`). */
  log?: (line: string) => void;
  /** The openocd executable (default `openocd` on the PATH). */
  command?: string;
}

/** The OpenOCD target config of an STM32 part number (PlatformIO's `build.mcu`), or undefined for an unknown family. */
export function openocdTarget(mcu: string): string | undefined {
  const m = /^stm32(f[0-47]|g[04]|h7|l[0-5]|u5|wb|wl)/.exec(mcu.toLowerCase());
  if (!m) return undefined;
  const family = m[1];
  const file: Record<string, string> = { l0: 'stm32l0', l1: 'stm32l1', l4: 'stm32l4x', l5: 'stm32l5x' };
  return `target/${file[family] ?? `stm32${family}x`}.cfg`;
}

/** The openocd command line that programs `file` (at `address` for a .bin), verifies it and, if asked, resets. */
export function openocdArgs(file: string, address: number | undefined, opts: OpenocdOptions): string[] {
  const args = ['-f', opts.adapter ?? 'interface/stlink.cfg'];
  if (opts.adapterSerial) args.push('-c', `adapter serial ${opts.adapterSerial}`);
  if (opts.speedKhz) args.push('-c', `adapter speed ${opts.speedKhz}`);
  args.push('-f', opts.target);
  const at = address === undefined ? '' : ` ${hex8(address)}`;
  args.push('-c', `program {${file}}${at} verify${opts.reset === false ? '' : ' reset'} exit`);
  return args;
}

/**
 * Programs the image over an ST-Link with openocd: erase, write, verify (openocd's read-back or checksum), reset.
 * @returns what it did (`verified: 'readback'`; `resumedBlocks` 0: openocd writes the image in one go)
 * @throws TinyfitError with the exit code of the failing phase: no ST-Link, or an ST-Link whose target does not
 *   answer, is EXIT.connect; a failed reset after a verified write is EXIT.reset; openocd missing: exit 1
 */
export async function flashOpenocd(segments: ImageSegment[], opts: OpenocdOptions): Promise<FlashResult> {
  if (opts.elf !== undefined && !fs.existsSync(opts.elf)) throw new TinyfitError(`no ELF file ${opts.elf}: build the firmware first`);
  const image = opts.elf === undefined ? joinSegments(segments) : undefined;
  const bytes = image ? image.data.length : fs.statSync(opts.elf!).size;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-openocd-'));
  try {
    let file = opts.elf!;
    if (image) {
      file = path.join(dir, 'image.bin');
      fs.writeFileSync(file, image.data);
    }
    const ctx: OpenocdContext = { adapter: opts.adapter ?? 'interface/stlink.cfg', target: opts.target, reset: opts.reset !== false };
    const w = new OpenocdWatcher();
    const run = await runTool(opts.command ?? 'openocd', openocdArgs(file, image?.address, opts), {
      timeoutMs: opts.timeoutMs ?? 60_000 + Math.ceil(bytes / 16384) * 1000,
      missing: MISSING,
      onLine: (line, ms) => {
        opts.log?.(line);
        const before = w.report.phase;
        w.line(line, ms);
        if (w.report.phase !== before) opts.progress?.(w.report.phase, 0, bytes);
      },
    });
    const r = w.report;
    if (run.timedOut) {
      throw new TinyfitError(
        `openocd did not finish within ${run.ms} ms (stopped during ${r.phase}): the ST-Link or the target stopped answering — unplug and replug the ST-Link, then retry`,
        phaseExit(r.phase),
      );
    }
    const failure = openocdFailure(r, run.code, ctx);
    if (failure) throw failure;
    const k = r.marks;
    const phaseMs: Partial<Record<FlashPhase, number>> = {};
    if (k.programStart !== undefined) phaseMs.connect = k.programStart;
    if (k.programStart !== undefined && k.programDone !== undefined) phaseMs.write = k.programDone - k.programStart;
    if (k.verifyStart !== undefined && k.verified !== undefined) phaseMs.verify = k.verified - k.verifyStart;
    if (k.reset !== undefined) phaseMs.reset = run.ms - k.reset;
    return { bytes, verified: 'readback', phaseMs, resumedBlocks: 0, baud: 0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
