/**
 * `tinyfit targets` (table with clock/ISA columns, --json) and `--target <file.json>` through the built CLI:
 * a user's descriptor file works, a bad one is a one-line user error naming the file and the field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { listTargets } from '../../src/targets';
import { REPO, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('cli-targets');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const SINE = path.join(REPO, 'examples', 'sine', 'model.json');

it('targets prints a table with clock, ISA, RAM and flash columns', () => {
  const r = runCli(['targets']);
  expect(r).toMatchObject({ status: 0, stderr: '' });
  const [header, rule, ...rows] = r.stdout.trimEnd().split('\n');
  expect(header.split(/\s+/)).toEqual(['id', 'family', 'cpu', 'clock', 'ISA', 'RAM', 'B', 'flash', 'B', 'port', 'name']);
  expect(rule).toMatch(/^[- ]+$/);
  expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(listTargets().map((t) => t.id));
  expect(rows.find((l) => l.startsWith('host '))).toMatch(/^host\s+host\s+native\s+-\s+-\s+-\s+-\s+host\s+Host computer/);
});

it('targets --json prints the validated descriptors', () => {
  const r = runCli(['targets', '--json']);
  expect(r).toMatchObject({ status: 0, stderr: '' });
  expect(JSON.parse(r.stdout)).toEqual(listTargets());
});

it('generate --target <file.json> uses a user descriptor and reports it', () => {
  const board = path.join(root, 'board.json');
  fs.writeFileSync(board, JSON.stringify({ id: 'mine', name: 'Mine', family: 'host', port: 'host', build: { f_cpu: 48000000 }, isa: ['fpu'] }));
  const out = path.join(root, 'gen');
  const r = runCli(['generate', SINE, '--target', board, '--out', out, '--json']);
  expect(r).toMatchObject({ status: 0, stderr: '' });
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({ target: 'mine', board: { id: 'mine', build: { f_cpu: 48000000 }, isa: ['fpu'] }, kernelVariants: { dense_f32: 'portable' } });
  expect(fs.readFileSync(path.join(out, 'model.h'), 'utf8')).toContain(' * Clock: 48 MHz.');
  const text = runCli(['generate', SINE, '--target', board, '--out', out]);
  expect(text.stdout).toContain(`files in ${out} for mine`);
});

it('generate --target <bad.json> is one line naming the file and the field, and writes nothing', () => {
  const board = path.join(root, 'bad.json');
  fs.writeFileSync(board, JSON.stringify({ id: 'bad', name: 'Bad', family: 'host', port: 'host', build: { f_cpu: true } }));
  const out = path.join(root, 'never');
  const r = runCli(['generate', SINE, '--target', board, '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`tinyfit: error: ${board}: build.f_cpu must be a number or a PlatformIO frequency string (Hz, e.g. 120000000 or "120000000L"), got true\n`);
  expect(fs.existsSync(out)).toBe(false);
});

it('generate --target <missing.json> says the file is missing', () => {
  const r = runCli(['generate', SINE, '--target', 'boards/nope.json', '--out', path.join(root, 'x')], { cwd: root });
  expect(r).toMatchObject({ status: 1, stdout: '', stderr: 'tinyfit: error: cannot read target descriptor boards/nope.json: no such file\n' });
});
