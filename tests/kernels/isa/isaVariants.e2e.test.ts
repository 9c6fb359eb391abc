/**
 * ISA kernel variants are bit-exact with the portable kernels on their own core: each variant and its portable
 * kernel are compiled side by side (symbols renamed) into one firmware for the virtual board, which runs
 * thousands of random configurations (tests/kernels/isa/<kernel>_check.c) and counts the outputs that differ.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, REPO } from '../../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-isa-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const KERNELS = path.join(REPO, 'firmware', 'kernels');
const CASES = 3000;

/** A generated qemu-cortex-m4 project without agent: its start-up, port and linker script host the check. */
function boardProject(target: string): string {
  const dir = path.join(root, target);
  if (fs.existsSync(dir)) return dir;
  const r = runCli(['generate', 'examples/sine/model.json', '--target', target, '--out', dir, '--no-agent']);
  expect(r.status).toBe(0);
  return dir;
}

const M4 = '-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16';
const M33 = '-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16';
const M55 = '-mcpu=cortex-m55 -mthumb -mfloat-abi=hard';

const SINGLE = ['-DTINYFIT_SINGLE_ROUNDING=1'];

describe.each([
  ['dsp', 'conv2d_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'conv2d_s8', 'qemu-cortex-m33', M33],
  ['dsp', 'conv2d_s8', 'qemu-cortex-m4', M4, SINGLE],
  ['dsp', 'conv2d_s8', 'qemu-cortex-m4', M4, ['-DTINYFIT_IM2COL_MAX_K=200']],
  ['dsp', 'conv2d_s8', 'qemu-cortex-m33', M33, ['-DTINYFIT_IM2COL_MAX_K=200']],
  ['dsp', 'conv2d_s8', 'qemu-cortex-m4', M4, ['-O0']],
  ['dsp', 'dense_s8', 'qemu-cortex-m4', M4, ['-O0']],
  ['dsp', 'dense_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'dense_s8', 'qemu-cortex-m33', M33],
  ['dsp', 'depthwise_conv2d_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'depthwise_conv2d_s8', 'qemu-cortex-m33', M33],
  ['dsp', 'depthwise_conv2d_inplace_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'depthwise_conv2d_inplace_s8', 'qemu-cortex-m33', M33],
  ['dsp', 'binary_add_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'binary_add_s8', 'qemu-cortex-m33', M33],
  ['dsp', 'pool2d_avg_s8', 'qemu-cortex-m4', M4],
  ['dsp', 'pool2d_avg_s8', 'qemu-cortex-m33', M33],
  ['helium', 'conv2d_s8', 'qemu-cortex-m55', M55],
  ['helium', 'dense_s8', 'qemu-cortex-m55', M55],
  ['helium', 'depthwise_conv2d_s8', 'qemu-cortex-m55', M55],
  ['helium', 'depthwise_conv2d_inplace_s8', 'qemu-cortex-m55', M55],
  ['helium', 'conv2d_s8', 'qemu-cortex-m55', M55, SINGLE],
  ['helium', 'dense_s8', 'qemu-cortex-m55', M55, SINGLE],
  ['helium', 'depthwise_conv2d_s8', 'qemu-cortex-m55', M55, SINGLE],
  ['helium', 'depthwise_conv2d_inplace_s8', 'qemu-cortex-m55', M55, SINGLE],
  // Buffers smaller than the random windows / planes: the portable fallbacks run too.
  ['helium', 'conv2d_s8', 'qemu-cortex-m55', M55, ['-DTINYFIT_MVE_COL_MAX=64', '-DTINYFIT_MVE_OC_MAX=4']],
  ['helium', 'depthwise_conv2d_inplace_s8', 'qemu-cortex-m55', M55, ['-DTINYFIT_MVE_DW_PLANE_MAX=16']],
])('%s/%s on %s', (isa, kernel, target, arch, defines: string[] = []) => {
  it(`${CASES} random configurations${defines.length ? ` (${defines.join(' ')})` : ''}: byte-identical with the portable kernel`, () => {
    const dir = boardProject(target);
    for (const f of ['ref.o', 'opt.o']) fs.rmSync(path.join(dir, f), { force: true });
    const cc = (src: string, out: string, rename: string): void => {
      // Model-sized buffers smaller than the largest random shapes: the fast paths and the fallbacks (compiled in
      // with TINYFIT_DSP_FALLBACKS) both run; a window limit of 300 gives 4-pixel tiles, 200 six-pixel tiles.
      const sizes = ['-DTINYFIT_IM2COL_MAX_K=300', '-DTINYFIT_DW_ROW_MAX=12', '-DTINYFIT_GEMV_MAX_N=40'].filter((d) => !defines.some((x) => x.startsWith(d.split('=')[0])));
      const r = spawnSync('arm-none-eabi-gcc', [...arch.split(' '), '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', `-Dtinyfit_${kernel}=${rename}_${kernel}`, '-DTINYFIT_KERNEL_CHECK', '-DTINYFIT_DSP_FALLBACKS', ...sizes, ...defines, '-I', KERNELS, '-c', src, '-o', out], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    };
    cc(path.join(KERNELS, `${kernel}.c`), path.join(dir, 'ref.o'), 'ref');
    cc(path.join(KERNELS, isa, `${kernel}.c`), path.join(dir, 'opt.o'), 'opt');
    const check = path.join(REPO, 'tests', 'kernels', 'isa', `${kernel}_check.c`);
    const elf = path.join(dir, 'check.elf');
    const link = spawnSync(
      'arm-none-eabi-gcc',
      [...arch.split(' '), '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', `-DCASES=${CASES}`, '-I', dir, '-nostartfiles', '--specs=nano.specs', '-T', path.join(dir, 'link.ld'), '-Wl,--gc-sections', '-o', elf, check, path.join(dir, 'startup.c'), ...fs.readdirSync(path.join(dir, 'port')).filter((f) => f.endsWith('.c')).map((f) => path.join(dir, 'port', f)), path.join(dir, 'ref.o'), path.join(dir, 'opt.o'), '-lc', '-lgcc', '-lnosys'],
      { encoding: 'utf8' },
    );
    expect(link.stderr).toBe('');
    expect(link.status).toBe(0);
    const machine = /qemu-system-arm -M (\S+) -display/.exec(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8'))?.[1] ?? 'mps2-an386';
    const run = spawnSync('qemu-system-arm', ['-M', machine, '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-semihosting-config', 'enable=on,target=native', '-kernel', elf], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^cases ${CASES} mismatches 0$`, 'm'));
  }, 180_000);
});
