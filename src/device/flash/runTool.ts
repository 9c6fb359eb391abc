/**
 * Runs a flashing tool (stm32flash, openocd) under a deadline: its output arrives line by line as it is printed
 * (progress lines end in a carriage return), and a tool still running at the deadline is stopped (SIGTERM, then
 * SIGKILL) so a stuck board or link never hangs tinyfit. stdout is unbuffered through coreutils `stdbuf` where
 * present, so lines arrive when printed, not when a pipe buffer fills — the progress bar and the phase timings
 * depend on it.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../../errors';

/** What a tool run did. */
export interface ToolRun {
  /** Exit code (null when killed). */
  code: number | null;
  /** stdout and stderr as they arrived, interleaved. */
  output: string;
  /** stderr alone. */
  stderr: string;
  /** Whether the deadline stopped it. */
  timedOut: boolean;
  ms: number;
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  /** Deadline, ms: the tool is stopped when it passes. */
  timeoutMs: number;
  /** Called with every line (split at \n and \r), and the time since the start. */
  onLine?: (line: string, ms: number) => void;
  /** The one-line message when the tool is not installed (it should name the package). */
  missing: string;
  /** How long SIGTERM gets before SIGKILL, ms (default 1000). */
  killGraceMs?: number;
}

/** The full path of an executable: `command` itself when it holds a slash, else the first match on PATH. */
export function findExecutable(command: string): string | undefined {
  const isExec = (f: string): boolean => {
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return isExec(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExec(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

/**
 * Runs `command args` until it exits or the deadline passes.
 * @throws TinyfitError (exit code 1) with `opts.missing` when the tool is not installed
 */
export function runTool(command: string, args: string[], opts: RunToolOptions): Promise<ToolRun> {
  const exe = findExecutable(command);
  if (!exe) return Promise.reject(new TinyfitError(opts.missing));
  const stdbuf = findExecutable('stdbuf');
  const [file, argv] = stdbuf ? [stdbuf, ['-o0', '-e0', exe, ...args]] : [exe, args];
  const t0 = Date.now();
  return new Promise<ToolRun>((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stderr = '';
    let timedOut = false;
    const pending = { out: '', err: '' };
    const feed = (which: 'out' | 'err', chunk: string): void => {
      output += chunk;
      if (which === 'err') stderr += chunk;
      const parts = (pending[which] + chunk).split(/[\r\n]/);
      pending[which] = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) opts.onLine?.(line.trim(), Date.now() - t0);
    };
    child.stdout!.setEncoding('latin1').on('data', (d: string) => feed('out', d));
    child.stderr!.setEncoding('latin1').on('data', (d: string) => feed('err', d));
    let killer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), opts.killGraceMs ?? 1000);
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(deadline);
      reject(new TinyfitError(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      if (killer) clearTimeout(killer);
      for (const which of ['out', 'err'] as const) if (pending[which].trim()) opts.onLine?.(pending[which].trim(), Date.now() - t0);
      resolve({ code: timedOut ? null : code, output, stderr, timedOut, ms: Date.now() - t0 });
    });
  });
}
