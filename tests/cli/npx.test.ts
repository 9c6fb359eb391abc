/**
 * The README's commands call the CLI as `npx tinyfit …`: the built entry point must be executable (npm's
 * `prepare` marks it so after compiling), else a fresh clone fails with "Permission denied".
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { CLI, REPO } from '../helpers/cli';

it('npx tinyfit runs the built CLI', () => {
  expect(fs.statSync(CLI).mode & 0o111).not.toBe(0);
  const r = spawnSync('npx', ['--no-install', 'tinyfit', 'targets', '--json'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
});
