/**
 * The device agent of a generated Cortex-M project compiled for the host (cc) with stdin/stdout as its line
 * (agent_host_main.c), served on a pty by `socat` like a USB serial port: a peer that takes bytes as fast as any
 * baud rate delivers them, for measuring the protocol's own throughput behind a paced line.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BuildManifest } from '../../src/device/board/manifest';
import { packageRoot } from '../../src/paths';
import { Relay } from './socatRelay';

/** Compiles the project's model, kernels and agent with the host's cc; returns the program. */
export function buildNativeAgent(m: BuildManifest): string {
  const dir = m.dir;
  const exe = path.join(dir, 'agent-native');
  const srcs = ['model.c', 'weights.c', ...fs.readdirSync(path.join(dir, 'kernels')).filter((f) => f.endsWith('.c')).map((f) => `kernels/${f}`), ...fs.readdirSync(path.join(dir, 'agent')).filter((f) => f.endsWith('.c')).map((f) => `agent/${f}`)];
  const r = spawnSync('cc', ['-O2', '-std=c99', `-DPREFIX=${m.prefix}`, '-I', dir, '-o', exe, path.join(packageRoot(), 'tests', 'helpers', 'agent_host_main.c'), ...srcs.map((s) => path.join(dir, s)), '-lm'], { encoding: 'utf8', cwd: dir });
  if (r.status !== 0) throw new Error(`cc failed: ${r.stderr}`);
  return exe;
}

/** Serves `exe` (stdin/stdout) on a new pty reached by `link`. */
export async function serveOnPty(exe: string, link: string): Promise<Relay> {
  fs.rmSync(link, { force: true });
  const c = spawn('socat', [`PTY,link=${link},raw,echo=0`, `EXEC:${exe}`], { stdio: 'ignore' });
  const end = Date.now() + 5000;
  while (!fs.existsSync(link)) {
    if (Date.now() > end) throw new Error(`socat made no ${link}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    link,
    kill: () =>
      c.exitCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
  };
}
