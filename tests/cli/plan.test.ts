/** `tinyfit plan`: figures beside their anchors, JSON, the HTML report, int8 sizing and bad options. */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/zooRun';

const LENET = path.join(REPO, 'examples/mnist/lenet5');
const root = tempDir('plancli');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('prints arena, lower bound and TFLM greedy with ratios, and the peak', () => {
  const r = runCli(['plan', LENET]);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/liveness lower bound\s+57,600\s+0\.\d{3}×/);
  expect(r.stdout).toMatch(/TFLM greedy\s+57,600/);
  expect(r.stdout).toMatch(/peak at step \d+ '.+' \(reaches [\d,]+ B\), live there:/);
});

it('--json reports figures and buffers; int8 sizing is 4× smaller for the bound', () => {
  const f = JSON.parse(runCli(['plan', LENET, '--json']).stdout);
  const q = JSON.parse(runCli(['plan', LENET, '--json', '--activations', 'int8']).stdout);
  expect(f.lowerBoundBytes).toBe(57_600);
  expect(q.lowerBoundBytes).toBe(14_400);
  expect(q.activations).toBe('int8');
  for (const p of [f, q]) {
    expect(p.arenaBytes).toBeLessThanOrEqual(p.lowerBoundBytes);
    expect(p.arenaBytes).toBe(Math.max(...p.buffers.map((b: { offset: number; bytes: number }) => b.offset + b.bytes)));
  }
  const plain = JSON.parse(runCli(['plan', LENET, '--json', '--no-in-place']).stdout);
  expect(plain.arenaBytes).toBe(plain.lowerBoundBytes);
});

it('--html writes a self-contained report', () => {
  const file = path.join(root, 'lenet.html');
  const r = runCli(['plan', LENET, '--activations', 'int8', '--html', file]);
  expect(r.status).toBe(0);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain('<svg');
  expect((html.match(/<rect class="buf /g) ?? []).length).toBeGreaterThan(3);
  expect(html).not.toMatch(/https?:\/\//);
});

it('bad options and unwritable report paths are one-line user errors', () => {
  for (const args of [
    ['plan', LENET, '--activations', 'int4'],
    ['plan', LENET, '--time-cap', '-1'],
    ['plan', LENET, '--html', path.join(REPO, 'package.json', 'x.html')],
    ['plan', path.join(root, 'missing.json')],
  ]) {
    const r = runCli(args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tinyfit: error: /);
  }
});
