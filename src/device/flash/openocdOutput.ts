/**
 * Reads what OpenOCD (0.11–0.12) prints while running its `program` procedure (src/flash/startup.tcl): the
 * "** Programming Started **", "** Verified OK **", "** Resetting Target **" markers and the "Error: …" lines
 * before a failure, into the phase that failed and one line saying what to do, with that phase's exit code. A run
 * that never printed "** Verified OK **" is never a success.
 */
import { EXIT, TinyfitError } from '../../errors';
import { FlashPhase } from './types';

/** What the output of one openocd run shows. */
export interface OpenocdReport {
  /** The last phase the output shows started. */
  phase: FlashPhase;
  programmed: boolean;
  verified: boolean;
  resetStarted: boolean;
  /** "Error: …" lines and failure markers, in order. */
  errors: string[];
  /** ms from the start at which each marker was seen. */
  marks: { programStart?: number; programDone?: number; verifyStart?: number; verified?: number; reset?: number };
}

/** Follows one openocd run's output, line by line. */
export class OpenocdWatcher {
  readonly report: OpenocdReport = { phase: 'connect', programmed: false, verified: false, resetStarted: false, errors: [], marks: {} };

  /** Takes one output line; `ms` is the time since the run started. */
  line(text: string, ms: number): void {
    const r = this.report;
    if (/\*\* Programming Started \*\*/.test(text)) {
      r.phase = 'write';
      r.marks.programStart = ms;
    } else if (/\*\* Programming Finished \*\*/.test(text)) {
      r.programmed = true;
      r.marks.programDone = ms;
    } else if (/\*\* Verify Started \*\*/.test(text)) {
      r.phase = 'verify';
      r.marks.verifyStart = ms;
    } else if (/\*\* Verified OK \*\*/.test(text)) {
      r.verified = true;
      r.marks.verified = ms;
    } else if (/\*\* Resetting Target \*\*/.test(text)) {
      r.phase = 'reset';
      r.resetStarted = true;
      r.marks.reset = ms;
    } else if (/^Error:|\*\* .*(Failed|failed|Unable).* \*\*/.test(text)) {
      r.errors.push(text.replace(/^Error:\s*/, ''));
    }
  }
}

/** The tool's own words, quoted on one line. */
function quote(errors: string[]): string {
  return errors.length ? `openocd: ${errors.slice(0, 3).join('; ')}` : 'openocd printed no reason';
}

/** What a run was asked to do, for messages. */
export interface OpenocdContext {
  /** The adapter config (interface/stlink.cfg). */
  adapter: string;
  /** The target config (target/stm32f4x.cfg). */
  target: string;
  /** Whether the run was asked to reset the target after the verify. */
  reset: boolean;
}

/**
 * The one-line error of an openocd `program` run, with the exit code of the phase that failed; undefined when it
 * programmed, verified and (if asked) reset the target.
 */
export function openocdFailure(r: OpenocdReport, exitCode: number | null, ctx: OpenocdContext): TinyfitError | undefined {
  const said = quote(r.errors);
  const all = r.errors.join('\n');
  if (r.verified && exitCode === 0 && (r.resetStarted || !ctx.reset)) return undefined;
  if (r.verified) {
    return new TinyfitError(`the image IS written and verified, but resetting the target failed (${said}): press the board's reset button`, EXIT.reset);
  }
  if (exitCode === 0) {
    return new TinyfitError(`openocd finished without verifying the image (${said}): not flashed as far as tinyfit can tell; flash again`, EXIT.verify);
  }
  if (/Verify Failed|checksum mismatch|contents differ/i.test(all) || r.phase === 'verify') {
    return new TinyfitError(`verify failed over ${ctx.adapter} (${said}): the flash does not hold the image; do not run it, flash again`, EXIT.verify);
  }
  if (r.phase === 'write') {
    const erase = /eras/i.test(all);
    return new TinyfitError(
      `${erase ? 'erasing' : 'writing'} flash over ${ctx.adapter} failed (${said}): is the flash write- or read-protected (openocd: stm32f2x unlock 0)?`,
      erase ? EXIT.erase : EXIT.write,
    );
  }
  if (/open failed|No ST-?Link|unable to open|could not find|no device found|LIBUSB_ERROR/i.test(all)) {
    return new TinyfitError(
      `no ST-Link found (${said}): plug the board's ST-Link in; on Linux the openocd package's udev rules and the plugdev group give access`,
      EXIT.connect,
    );
  }
  if (/init mode failed|unable to connect to the target|target voltage|Unable to reset target|examination failed/i.test(all)) {
    return new TinyfitError(
      `the ST-Link answers but the STM32 does not (${said}): check the board's power and SWD wiring, and that ${ctx.target} matches the chip`,
      EXIT.connect,
    );
  }
  if (/Can't find|couldn't open .*\.cfg/i.test(all)) {
    return new TinyfitError(`openocd cannot find its configuration (${said}): check the adapter '${ctx.adapter}' and target '${ctx.target}' names`, EXIT.user);
  }
  return new TinyfitError(`openocd failed during ${r.phase} (${said}; exit code ${exitCode})`, r.phase === 'connect' ? EXIT.connect : EXIT.write);
}
