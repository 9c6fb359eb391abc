/**
 * Flashing a Raspberry Pi (or any Linux board) over its serial console: no boot loader, only a shell. The built
 * runner (family linux) goes up in checksummed chunks — base64 lines that the Pi decodes, checks against the
 * chunk's SHA-256 and appends only when they match and the file has exactly the bytes before them, so a damaged
 * chunk is sent again and a repeated one is never appended twice — into `<path>.part`; a later flash after a
 * failure resumes from the bytes already there when their SHA-256 matches. The whole file's SHA-256 is then
 * checked on the Pi (a mismatch is EXIT.verify, never success), the file moved into place, made executable, and
 * `runner --agent` started on the console, whose boot event (with the model's hash) ends the flash: the same
 * serial line then carries the agent's frames.
 *
 * Phases: connect (port, shell, login), write (chunks), verify (SHA-256 on the Pi, install), reset (start the
 * agent); each fails with its own exit code and a one-line message naming it.
 */
import { createHash } from 'crypto';
import { EXIT, TinyfitError } from '../../errors';
import { AgentClient } from '../agent/client';
import { AgentInfo } from '../agent/protocol';
import { openSerial } from '../serialTransport';
import { Transport } from '../transport';
import { ConsoleShell, shellQuote, ShellLogin } from './consoleShell';
import { FlashOptions, FlashPhase, FlashResult, ImageSegment } from './types';

/** Options of {@link flashRpiConsole}. */
export interface RpiConsoleOptions extends FlashOptions, ShellLogin {
  /** Where the runner goes on the Pi; `~/` is the login's home (default `~/tinyfit/runner`). */
  remotePath?: string;
  /**
   * Bytes per chunk, 64 to 2560 (default 2048: a 3 kB command line; a line the shell receives while the terminal
   * is between commands, in canonical mode, is cut at 4095 bytes).
   */
  chunkBytes?: number;
  /** Tries per chunk before the write fails (default 5). */
  chunkTries?: number;
  /** Deadline of each shell command, ms (default 10000). */
  commandTimeoutMs?: number;
  /** Deadline for the agent's boot event once started, ms (default 15000). */
  startTimeoutMs?: number;
  /** Words put before the runner's command line, e.g. `qemu-aarch64 -L /usr/aarch64-linux-gnu` (an emulated Pi). */
  execPrefix?: string;
  /** Start `runner --agent` on the console after the upload (default true). */
  start?: boolean;
  /** An open link to the console to use instead of opening `port` (left open afterwards). */
  transport?: Transport;
}

/** What a flash over the console did. */
export interface RpiFlashResult extends FlashResult {
  /** Bytes that were already on the Pi from an interrupted flash (the upload resumed after them). */
  resumedFromByte: number;
  /** The path of the runner on the Pi, as given. */
  remotePath: string;
  /** The started agent's boot announcement (its model hash, target, I/O), when started. */
  info?: AgentInfo;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The remote path as a shell word: `~/x` → `"$HOME"/'x'`. */
function pathWord(p: string): string {
  return p.startsWith('~/') ? `"$HOME"/${shellQuote(p.slice(2))}` : shellQuote(p);
}

const PHASE_EXIT: Record<FlashPhase, number> = { connect: EXIT.connect, erase: EXIT.erase, write: EXIT.write, verify: EXIT.verify, reset: EXIT.reset };

/** Runs one phase: its errors carry the phase's exit code and name (user errors stay as they are). */
async function phase<T>(name: FlashPhase, ms: FlashResult['phaseMs'], fn: () => Promise<T>, hint = ''): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TinyfitError && (e.exitCode === PHASE_EXIT[name] || e.exitCode === EXIT.user)) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new TinyfitError(`${name}: ${msg}${hint}`, PHASE_EXIT[name]);
  } finally {
    ms[name] = Date.now() - t0;
  }
}

/** Where the upload starts: after the bytes of `<path>.part` already on the Pi when they are this image's first bytes. */
async function resumePoint(shell: ConsoleShell, data: Buffer, timeoutMs: number): Promise<number> {
  const size = Number((await shell.check('if [ -f "$tf_part" ]; then wc -c < "$tf_part"; else echo 0; fi', timeoutMs, 'write: sizing the partial file', EXIT.write)).trim());
  if (size > 0 && size <= data.length) {
    const out = await shell.check(`head -c ${size} "$tf_part" | sha256sum`, timeoutMs, 'write: hashing the partial file', EXIT.write);
    if (out.trim().split(/\s+/)[0] === sha256(data.subarray(0, size))) return size;
  }
  await shell.check(': > "$tf_part"', timeoutMs, 'write: creating the file', EXIT.write);
  return 0;
}

/** Sends the chunks from `from` on; returns how many were sent again. */
async function writeChunks(shell: ConsoleShell, data: Buffer, from: number, opts: RpiConsoleOptions): Promise<number> {
  const chunk = opts.chunkBytes ?? 2048;
  const tries = opts.chunkTries ?? 5;
  const timeoutMs = opts.commandTimeoutMs ?? 10_000;
  let resent = 0;
  let off = from;
  let failures = 0;
  opts.progress?.('write', off, data.length);
  while (off < data.length) {
    const piece = data.subarray(off, off + chunk);
    const r = await shell.run(
      `printf %s '${piece.toString('base64')}' | base64 -d > "$tf_chunk" && [ "$(sha256sum < "$tf_chunk")" = "${sha256(piece)}  -" ] && [ $(wc -c < "$tf_part") -eq ${off} ] && cat "$tf_chunk" >> "$tf_part"`,
      timeoutMs,
    );
    if (r?.status === 0) {
      off += piece.length;
      failures = 0;
      opts.progress?.('write', off, data.length);
      continue;
    }
    // Damaged on the way (or its answer was): what does the Pi have?
    if (!r) await shell.interrupt();
    const size = Number((await shell.check('wc -c < "$tf_part"', timeoutMs, `write: sizing the file after a failed chunk at byte ${off}`, EXIT.write)).trim());
    if (size === off + piece.length) {
      off = size; // it was appended; only the answer was lost
      continue;
    }
    if (size !== off) throw new TinyfitError(`write: the file on the Pi has ${size} B where ${off} B were confirmed (changed by something else?): run flash again`, EXIT.write);
    if (++failures >= tries) {
      throw new TinyfitError(
        `write: the chunk at byte ${off} of ${data.length} arrived damaged ${tries} times on ${shell.transport.name}: check the cable or lower the baud rate; flash again to continue from byte ${off}`,
        EXIT.write,
      );
    }
    resent++;
  }
  return resent;
}

/**
 * Uploads the runner (one segment: the binary) over a Pi's serial console, verifies it there and starts its agent.
 * @throws TinyfitError with EXIT.connect, write, verify or reset, naming the phase; EXIT.user for bad arguments
 */
export async function flashRpiConsole(segments: ImageSegment[], opts: RpiConsoleOptions): Promise<RpiFlashResult> {
  if (segments.length !== 1) throw new TinyfitError(`a Raspberry Pi is flashed with one file (the runner), got ${segments.length} segments`, EXIT.user);
  const data = segments[0].data;
  const remotePath = opts.remotePath ?? '~/tinyfit/runner';
  if (!/^[\w~][\w./~+-]*$/.test(remotePath) || remotePath.includes('..')) {
    throw new TinyfitError(`remote path '${remotePath}': use letters, digits and . _ - / ~ only`, EXIT.user);
  }
  const chunk = opts.chunkBytes ?? 2048;
  if (!Number.isInteger(chunk) || chunk < 64 || chunk > 2560) throw new TinyfitError(`chunk size ${chunk}: use 64 to 2560 bytes (a command line must stay under 4095 bytes)`, EXIT.user);
  const timeoutMs = opts.commandTimeoutMs ?? 10_000;
  const phaseMs: FlashResult['phaseMs'] = {};
  let transport: Transport | undefined = opts.transport;
  try {
    const shell = await phase('connect', phaseMs, async () => {
      transport ??= await openSerial(opts.port, { baudRate: opts.baud ?? 115200, trace: opts.trace });
      const sh = new ConsoleShell(transport);
      await sh.connect(opts);
      const w = pathWord(remotePath);
      const r = await sh.run(`command -v base64 >/dev/null && command -v sha256sum >/dev/null && tf_out=${w} && tf_part="$tf_out.part" && tf_chunk="$tf_out.chunk" && mkdir -p "$(dirname "$tf_out")"`, timeoutMs);
      if (!r) throw new TinyfitError(`connect: the shell on ${transport.name} stopped answering`, EXIT.connect);
      if (r.status !== 0) throw new TinyfitError(`connect: the Pi has no base64 or sha256sum, or cannot create the folder of ${remotePath} (status ${r.status}): install coreutils or pick another path`, EXIT.connect);
      return sh;
    });
    const resumeHint = '; flash again to continue where it stopped';
    let resumedFromByte = 0;
    const resumedBlocks = await phase(
      'write',
      phaseMs,
      async () => {
        resumedFromByte = await resumePoint(shell, data, timeoutMs);
        return writeChunks(shell, data, resumedFromByte, opts);
      },
      resumeHint,
    );
    await phase('verify', phaseMs, async () => {
      const out = await shell.check('sha256sum < "$tf_part"', timeoutMs + data.length / 1000, 'verify: hashing the file on the Pi', EXIT.verify);
      const got = out.trim().split(/\s+/)[0];
      const want = sha256(data);
      opts.progress?.('verify', data.length, data.length);
      if (got !== want) {
        await shell.run('rm -f "$tf_part"', timeoutMs);
        throw new TinyfitError(`verify: the file on the Pi has SHA-256 ${got.slice(0, 16) || '(none)'}…, the runner ${want.slice(0, 16)}…; the partial file was removed: flash again`, EXIT.verify);
      }
      await shell.check('rm -f "$tf_chunk" && mv -f "$tf_part" "$tf_out" && chmod +x "$tf_out"', timeoutMs, `verify: installing ${remotePath}`, EXIT.verify);
    });
    let info: AgentInfo | undefined;
    if (opts.start ?? true) {
      info = await phase('reset', phaseMs, async () => {
        const prefix = opts.execPrefix ? `${opts.execPrefix} ` : '';
        await shell.start(`stty echo; set -o history 2>/dev/null; ${prefix}"$tf_out" --agent`);
        const startMs = opts.startTimeoutMs ?? 15_000;
        const boot = await new AgentClient(transport!).waitBoot(startMs);
        if (!boot) {
          throw new TinyfitError(
            `reset: the runner did not start its agent on the console within ${startMs} ms (the upload itself is verified): run ${remotePath} --self-test on the Pi to see why`,
            EXIT.reset,
          );
        }
        return boot;
      });
    } else {
      await shell.run('stty echo; set -o history 2>/dev/null', timeoutMs); // the console as it was
    }
    return { bytes: data.length - resumedFromByte, verified: 'sha256', phaseMs, resumedBlocks, baud: transport!.baudRate, resumedFromByte, remotePath, info };
  } finally {
    if (transport && !opts.transport) await transport.close();
  }
}
