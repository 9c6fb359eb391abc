/**
 * The aarch64 instruction-count harness (bench/aarch64Count.ts): its count of a loop of known length is right to
 * 1 % (PMU count and virtual-counter conversion), and KWS generated for rpi4 (neon kernels) runs through it with
 * the host build's output bytes, in at least 3× fewer instructions than with the portable kernels.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { calibrateAarch64Counter, countAarch64Instructions } from '../../../bench/aarch64Count';
import { portableRpi4 } from '../../../bench/neon';
import { runCli } from '../../helpers/cli';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, kwsTestInput } from '../../helpers/mlperf';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-a64count-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('countAarch64Instructions', () => {
  it('counts a loop of 2,000,000 instructions to within 1 % (PMU and CNTVCT)', () => {
    const n = 1_000_000;
    const c = calibrateAarch64Counter(n);
    expect(Math.abs(c.instructions - 2 * n)).toBeLessThan(0.01 * 2 * n);
    expect(Math.abs((c.ticks * 1e9) / c.freq - 2 * n)).toBeLessThan(0.01 * 2 * n);
    /* Only the loop is counted: a loop twice as long costs twice as much, to a few instructions. */
    expect(Math.abs(calibrateAarch64Counter(2 * n).instructions - c.instructions - 2 * n)).toBeLessThan(16);
  }, 30_000);

  it('KWS with the neon kernels: the host build output, >= 3x fewer instructions than portable', () => {
    const kws = path.join(MLPERF_DIR, 'kws_ref_model.tflite');
    const input = kwsTestInput();
    const gen = (target: string, dir: string): string => {
      const out = path.join(root, dir);
      expect(runCli(['generate', kws, '--target', target, '--io', 'int8', '--out', out, '--no-agent']).status).toBe(0);
      return out;
    };
    const host = gen('host', 'host');
    execFileSync('make', ['-s', '-C', host, 'CC=gcc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run = spawnSync(path.join(host, 'runner'), [], { input: Buffer.from(input.buffer) });
    expect(run.status).toBe(0);
    expect(Array.from(new Int8Array(run.stdout.buffer, run.stdout.byteOffset, run.stdout.length))).toEqual(KWS_TFLM_OUTPUT);

    const neonDir = gen('rpi4', 'neon');
    expect(fs.readFileSync(path.join(neonDir, 'kernels', 'conv2d_s8.c'), 'utf8')).toMatch(/neon variant/);
    const neon = countAarch64Instructions(neonDir, { input });
    expect(neon.output.equals(run.stdout)).toBe(true);

    const portable = countAarch64Instructions(gen(portableRpi4(root), 'portable'), { input });
    expect(portable.output.equals(run.stdout)).toBe(true);
    expect(portable.instructions / neon.instructions).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
