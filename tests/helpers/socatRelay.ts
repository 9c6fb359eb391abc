/**
 * A serial port that can vanish: the virtual board's pty relayed by `socat` through a second pty reached by a
 * link name (as /dev/ttyACM0 would be). Killing the relay is the port vanishing under the host (a USB board
 * reset or unplugged); a new relay under another link name is the board coming back renamed.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { BuildManifest, builtImage } from '../../src/device/board/manifest';
import { familyBinary } from '../../src/device/board/session';
import { qemuArgs } from '../../src/device/qemu';
import { startSocat } from './socat';

async function until(ok: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });
}

/** The build running in QEMU with its UART on a pty nobody has opened yet. */
export async function startQemuPty(m: BuildManifest): Promise<{ pty: string; stop(): Promise<void> }> {
  const e = m.board.emulator!;
  const child = spawn(e.program, qemuArgs(m.board, builtImage(m, familyBinary(m))), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let pty = '';
  const seen = (d: Buffer): void => {
    log += d.toString();
    pty = /char device redirected to (\/dev\/pts\/\d+)/.exec(log)?.[1] ?? '';
  };
  child.stdout!.on('data', seen);
  child.stderr!.on('data', seen);
  await until(() => pty !== '', 10_000, `${e.program} announced no pty`);
  return { pty, stop: () => stopChild(child) };
}

/** A socat relay from `link` (a new pty) to `pty`. */
export interface Relay {
  link: string;
  /** Kills the relay: the port vanishes. */
  kill(): Promise<void>;
}

/** Starts `socat PTY,link=<link> <pty>`, both raw, and waits for the link. */
export async function startRelay(pty: string, link: string, perm?: string): Promise<Relay> {
  fs.rmSync(link, { force: true });
  const socat = await startSocat(`PTY,link=${link},raw,echo=0${perm ? `,perm=${perm}` : ''}`, `${pty},raw,echo=0`, [link]);
  return { link, kill: () => socat.stop() };
}
