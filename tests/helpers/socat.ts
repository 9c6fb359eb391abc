/** socat (Debian package socat) as a real peer: pseudo-terminals linked to each other or to a program. */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';

/** A running socat and how to stop it. */
export interface Socat {
  process: ChildProcess;
  /** Everything socat printed on stderr (with -d -d: the ptys it made). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts `socat -d -d <a> <b>` and waits (at most `timeoutMs`) until every path of `links` exists (the
 * `link=` names of its pty addresses).
 */
export async function startSocat(a: string, b: string, links: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 5000): Promise<Socat> {
  const child = spawn('socat', ['-d', '-d', a, b], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!links.every((l) => fs.existsSync(l))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat ${a} ${b} did not make ${links.join(', ')}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    process: child,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
