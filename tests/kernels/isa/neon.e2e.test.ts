/**
 * The aarch64 NEON kernel variants (firmware/kernels/neon) are bit-exact with the portable kernels: each variant
 * and its portable kernel are compiled side by side (symbols renamed) with the randomized check of
 * tests/kernels/isa/<kernel>_check.c into one static Linux program for the Cortex-A72 (Raspberry Pi 4), run in
 * qemu-aarch64 user mode, in every rounding mode of fixedpoint_s8.h, with uniform draws and with draws biased to
 * the ends of their ranges (CHECK_EDGES: zero points -128 / 127, extreme shifts, tight clamps).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, REPO } from '../../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-neon-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const KERNELS = path.join(REPO, 'firmware', 'kernels');
const CASES = 3000;
const CC = 'aarch64-linux-gnu-gcc';
const ARCH = ['-mcpu=cortex-a72', '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];

/** A generated rpi4 project: its Linux port prints the check's summary. */
function linuxProject(): string {
  const dir = path.join(root, 'rpi4');
  if (fs.existsSync(dir)) return dir;
  const r = runCli(['generate', 'examples/sine/model.json', '--target', 'rpi4', '--out', dir, '--no-agent']);
  expect(r.status).toBe(0);
  return dir;
}

function compile(args: string[]): void {
  const r = spawnSync(CC, args, { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const ROUNDINGS: [string, string[]][] = [
  ['double', []],
  ['single', ['-DTINYFIT_SINGLE_ROUNDING=1']],
  ['shift', ['-DTINYFIT_SHIFT_ROUNDING=1']],
  /* The fallbacks for buffers too small: conv2d's dot4 path for few channels, in-place depthwise per channel. */
  ['double, tiny stack buffers', ['-DTINYFIT_NEON_CONV_WT=16', '-DTINYFIT_NEON_INPLACE_BYTES=64']],
];
const KERNEL_NAMES = ['conv2d_s8', 'dense_s8', 'depthwise_conv2d_s8', 'depthwise_conv2d_inplace_s8'];

describe.each(KERNEL_NAMES)('neon/%s on cortex-a72 (qemu-aarch64)', (kernel) => {
  it.each(ROUNDINGS)(`${CASES} uniform and ${CASES} edge configurations, %s rounding: byte-identical with the portable kernel`, (mode, defs) => {
    const proj = linuxProject();
    const dir = path.join(root, `${kernel}-${mode.replace(/\W/g, '_')}`);
    fs.mkdirSync(dir, { recursive: true });
    const obj = (src: string, rename: string): string => {
      const out = path.join(dir, `${rename}.o`);
      compile([...ARCH, ...defs, `-Dtinyfit_${kernel}=${rename}_${kernel}`, '-I', KERNELS, '-c', src, '-o', out]);
      return out;
    };
    const objs = [obj(path.join(KERNELS, `${kernel}.c`), 'ref'), obj(path.join(KERNELS, 'neon', `${kernel}.c`), 'opt')];
    const check = path.join(REPO, 'tests', 'kernels', 'isa', `${kernel}_check.c`);
    for (const edges of [0, 1]) {
      const exe = path.join(dir, `check${edges}`);
      compile([...ARCH, `-DCASES=${CASES}`, `-DCHECK_EDGES=${edges}`, '-static', '-I', proj, '-o', exe, check, path.join(proj, 'port', 'port_linux.c'), ...objs]);
      const run = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a72', exe], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^cases ${CASES} mismatches 0$`, 'm'));
    }
  }, 60_000);
});

describe('the rpi targets select the neon kernels', () => {
  it.each(['rpi4', 'rpi5', 'rpi-zero2w'])('%s lists neon', (target) => {
    const desc = JSON.parse(fs.readFileSync(path.join(REPO, 'targets', `${target}.json`), 'utf8')) as { isa?: string[] };
    expect(desc.isa).toContain('neon');
  });
});
