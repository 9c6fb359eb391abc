/** Runs the built tinyfit CLI (dist/src/cli/index.js, built by tests/globalSetup.ts) as a child process. */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as path from 'path';

/** The repository root. */
export const REPO = path.resolve(__dirname, '..', '..');
/** The built CLI entry point. */
export const CLI = path.join(REPO, 'dist', 'src', 'cli', 'index.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/cli/index.js ...args` synchronously and returns its exit status and output. */
export function runCli(args: string[], opts: Pick<SpawnSyncOptions, 'cwd' | 'env' | 'timeout'> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: opts.env ?? process.env,
    timeout: opts.timeout ?? 60000,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
