/**
 * Reads what `stm32flash` (0.5–0.7) prints, line by line as it arrives, into the phases of a flash: connect (the
 * 0x7F autobaud, GET, GET_ID: "Device ID : 0x0413 (…)"), erase ("Erasing memory"), write with read-back of every
 * block ("Wrote and verified address 0x…"), start ("Starting execution at address 0x…… done."/"failed."), and the
 * failure lines it prints on stderr. The failure becomes one line with the exit code of its phase.
 */
import * as fs from 'fs';
import { EXIT, TinyfitError } from '../../errors';
import { openFailure } from '../serialTransport';
import { phaseExit } from './phaseExit';
import { hex2, hex8 } from './hex';
import { FlashPhase } from './types';

/** What the output of one stm32flash run shows. */
export interface Stm32flashReport {
  /** The product ID the boot loader answered to GET_ID, and stm32flash's name for it. */
  deviceId?: number;
  deviceName?: string;
  /** The page size stm32flash printed at connect ("size first sector: 1x16384"). */
  firstPage?: number;
  /** The last phase the output shows started. */
  phase: FlashPhase;
  /** End address of the last block written and read back equal (with -v). */
  verifiedTo?: number;
  /** The address of the block whose write (or read-back) failed. */
  failedAt?: number;
  /** A read-back that stayed different after stm32flash's re-writes. */
  mismatch?: { address: number; expected: number; found: number };
  /** Whether the write (or read) loop finished ("Done."). */
  written: boolean;
  /** The answer to GO or to the reset (-R): true (started), false (failed), undefined (not asked). */
  started?: boolean;
  /** Whether the run reads the flash back (-r) rather than writing it. */
  reading?: boolean;
  /** End address of the last block read (a read-back run). */
  readTo?: number;
  /** Lines that explain a failure, in order. */
  errors: string[];
  /** ms from the start at which each step was seen. */
  marks: { connected?: number; eraseStart?: number; writeStart?: number; writeDone?: number; goDone?: number };
}

const hex = (s: string): number => parseInt(s, 16);

/** Follows one stm32flash run's output, line by line. */
export class Stm32flashWatcher {
  readonly report: Stm32flashReport = { phase: 'connect', written: false, errors: [], marks: {} };

  /**
   * Takes one output line.
   * @param ms time since the run started
   * @returns the address written and read back so far, when the line is a progress line
   */
  line(text: string, ms: number): number | undefined {
    const r = this.report;
    let m: RegExpExecArray | null;
    // "Done." ends the line of the last progress report ("Wrote and verified address 0x… (100.00%) Done.").
    if (/(^|\s)Done\.$/.test(text)) {
      r.marks.writeDone = ms;
      r.written = true;
    }
    if ((m = /^Device ID\s*:\s*0x([0-9a-f]+)(?:\s*\((.*)\))?/i.exec(text))) {
      r.deviceId = hex(m[1]);
      r.deviceName = m[2];
    } else if ((m = /size first sector:\s*\d+x(\d+)/.exec(text))) {
      r.firstPage = Number(m[1]);
    } else if ((m = /^(Write to memory|Memory read)/.exec(text))) {
      r.marks.connected ??= ms;
      r.reading = m[1] === 'Memory read';
    } else if (/^Erasing memory/.test(text)) {
      r.marks.connected ??= ms;
      r.marks.eraseStart = ms;
      r.phase = 'erase';
    } else if ((m = /^Wrote (and verified )?address 0x([0-9a-f]+)/i.exec(text))) {
      r.marks.connected ??= ms;
      r.marks.writeStart ??= ms;
      r.phase = 'write';
      if (m[1]) r.verifiedTo = hex(m[2]);
      return hex(m[2]);
    } else if ((m = /^Read address 0x([0-9a-f]+)/i.exec(text))) {
      r.marks.connected ??= ms;
      r.phase = 'verify';
      r.readTo = hex(m[1]);
      return r.readTo;
    } else if ((m = /^Starting execution at address 0x[0-9a-f]+\.*\s*(done|failed)?/i.exec(text))) {
      r.phase = 'reset';
      r.marks.goDone = ms;
      r.started = m[1] === 'done';
    } else if (/^Resetting device/i.test(text)) {
      r.phase = 'reset';
    } else if ((m = /^Reset (done|failed)/i.exec(text))) {
      r.phase = 'reset';
      r.marks.goDone = ms;
      r.started = m[1] === 'done';
      if (!r.started) r.errors.push(text);
    } else if ((m = /^Failed to (write|read) memory at address 0x([0-9a-f]+)/i.exec(text))) {
      r.failedAt = hex(m[2]);
      r.phase = r.reading ? 'verify' : 'write';
      r.errors.push(text);
    } else if ((m = /^Failed to verify at address 0x([0-9a-f]+), expected 0x([0-9a-f]+) and found 0x([0-9a-f]+)/i.exec(text))) {
      r.mismatch = { address: hex(m[1]), expected: hex(m[2]), found: hex(m[3]) };
      r.phase = 'verify';
      r.errors.push(text);
    } else if (/fail|error|unknown|unsupported|nack|instead of ACK|cannot|can't|invalid|not closed properly|timeout/i.test(text)) {
      r.errors.push(text);
    }
    return undefined;
  }
}

/** Reads a whole stm32flash transcript (for tests and after-the-fact reports). */
export function parseStm32flash(output: string): Stm32flashReport {
  const w = new Stm32flashWatcher();
  for (const l of output.split(/[\r\n]/)) if (l.trim()) w.line(l.trim(), 0);
  return w.report;
}

/** Where and how a run talked to the board, for messages. */
export interface Stm32flashContext {
  port: string;
  baud: number;
  mode: string;
  bootSequence?: string;
}


/** The tool's own words, quoted on one line. */
export function quoteTool(lines: string[]): string {
  const said = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return said.length ? `stm32flash: ${said.slice(0, 3).join('; ')}` : 'stm32flash printed no reason';
}

/**
 * The one-line error of a failed stm32flash run, with the exit code of the phase that failed. Returns undefined
 * when the run did not fail (exit 0, and the start, if asked, answered).
 */
export function stm32flashFailure(r: Stm32flashReport, exitCode: number | null, ctx: Stm32flashContext): TinyfitError | undefined {
  const { port } = ctx;
  const said = quoteTool(r.errors);
  const all = r.errors.join('\n');
  if (/Failed to send boot enter sequence|setting port signal .*Error/i.test(all)) {
    return new TinyfitError(
      `cannot drive DTR/RTS on ${port} for the boot sequence '${ctx.bootSequence ?? ''}' (${said}): the port has no modem lines (a pty, or an adapter without them); drop the sequence and set BOOT0 and reset by hand`,
      EXIT.connect,
    );
  }
  if (/Failed to set terminal flags|Failed to set baud rate|Failed to specify baud rate/i.test(all)) {
    return new TinyfitError(`cannot set ${ctx.baud} baud ${ctx.mode.toUpperCase()} on ${port} (${said}): the port refuses these line settings (a pseudo-terminal takes no parity: use mode 8n1 there)`, EXIT.connect);
  }
  if (/is already open/i.test(all)) return openFailure(port, new Error('EBUSY'));
  if (/Failed to open port|Cannot handle device/i.test(all)) {
    return fs.existsSync(port) ? new TinyfitError(`cannot open ${port} (${said})`, EXIT.connect) : openFailure(port, new Error('ENOENT'));
  }
  if (/Failed to init device/i.test(all)) {
    return new TinyfitError(
      `no answer from the STM32 boot loader on ${port} at ${ctx.baud} baud (${said}): set BOOT0 high and reset the board${ctx.bootSequence ? '' : ' (or wire DTR/RTS and pass a boot sequence)'}, check that TX and RX are crossed`,
      EXIT.connect,
    );
  }
  let m: RegExpExecArray | null;
  if ((m = /Unknown\/unsupported device \(Device ID: 0x([0-9a-f]+)\)/i.exec(all))) {
    return new TinyfitError(`this stm32flash does not know the chip on ${port} (device ID 0x${m[1]}): flash it over ST-Link (openocd), or use a newer stm32flash`, EXIT.connect);
  }
  if (r.mismatch) {
    const { address, expected, found } = r.mismatch;
    return new TinyfitError(
      `verify failed on ${port}: ${hex8(address)} reads ${hex2(found)} after writing ${hex2(expected)}, again after stm32flash's re-writes: the flash does not hold the image (worn or protected flash?); do not run it`,
      EXIT.verify,
    );
  }
  if (r.started === false) {
    return new TinyfitError(
      `the image IS written and verified, but starting it failed (${said === 'stm32flash printed no reason' ? 'GO was not acknowledged' : said}): reset the board with BOOT0 low`,
      EXIT.reset,
    );
  }
  if (exitCode === 0 && (r.written || r.started === true || r.phase === 'connect')) return undefined;
  if (r.phase === 'erase' || /Failed to erase memory|erase failed/i.test(all)) {
    return new TinyfitError(`erasing flash on ${port} failed (${said}): is the flash write-protected (stm32flash -u lifts it)?`, EXIT.erase);
  }
  if (r.failedAt !== undefined && r.reading) {
    return new TinyfitError(`reading the flash back on ${port} failed at ${hex8(r.failedAt)} (${said}): the image is not verified; do not run it, flash again`, EXIT.verify);
  }
  if (r.failedAt !== undefined) {
    const done = r.verifiedTo !== undefined ? `; written and verified up to ${hex8(r.verifiedTo)}` : '';
    return new TinyfitError(`writing flash on ${port} failed at ${hex8(r.failedAt)} (${said})${done}`, EXIT.write);
  }
  if (r.phase === 'connect') {
    return new TinyfitError(`the STM32 boot loader on ${port} did not answer as expected (${said})`, EXIT.connect);
  }
  return new TinyfitError(`stm32flash failed during ${r.phase} on ${port} (${said}; exit code ${exitCode})`, phaseExit(r.phase));
}
