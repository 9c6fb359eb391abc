/**
 * Jest globalSetup: builds dist/ once per jest run (`tsc -p .`), so tests that spawn the CLI
 * (tests/helpers/cli.ts) run the current sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export default function globalSetup(): void {
  const repo = path.resolve(__dirname, '..');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [repo] });
  // A stale dist/ keeps modules that were moved into folders (plan/reorder.js beside plan/reorder/): Node would load them.
  fs.rmSync(path.join(repo, 'dist'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', repo], { cwd: repo, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`globalSetup: \`tsc -p .\` failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  // As `npm run build` does: the CLI entry point is executable (npx tinyfit).
  fs.chmodSync(path.join(repo, 'dist', 'src', 'cli', 'index.js'), 0o755);
}
