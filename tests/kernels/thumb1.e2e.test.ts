/**
 * The portable int8 kernels compiled for Thumb-1 (Cortex-M0/M0+), where fixedpoint_s8.h takes its own
 * SaturatingRoundingDoublingHighMul (16-bit halves, no 64-bit product) and dot_zp_s8.h its one-product loop:
 * - tinyfit_srdhm on the core against gemmlowp's 64-bit form, over random and edge pairs (tests/kernels/isa/srdhm_thumb1_check.c);
 * - IC ResNet-8 (conv, residual ADD, average pool, dense, softmax) built for Cortex-M0 code (bench/boards/
 *   bench-cortex-m0-an386.json) at -O2 and -Os outputs the TypeScript int8 reference's bytes.
 * Both run on QEMU mps2-an386, whose Cortex-M4 runs ARMv6-M code unchanged.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { runInt8 } from '../../src/reference/runInt8';
import { REPO } from '../helpers/cli';
import { runFirmware } from '../helpers/firmware';
import { MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('thumb1');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const BOARD = path.join(REPO, 'bench', 'boards', 'bench-cortex-m0-an386.json');
const M0 = ['-mcpu=cortex-m0', '-mthumb', '-mfloat-abi=soft'];

describe('portable int8 kernels on Thumb-1', () => {
  const g = optimize(importModel(path.join(MLPERF_DIR, 'pretrainedResnet_quant.tflite')));
  setIo(g, 'int8');
  const input = Int8Array.from({ length: numel(tensor(g, g.inputs[0]).shape) }, (_, i) => ((i * 7) % 256) - 128);
  const outDir = path.join(root, 'ic');
  generate(g, { target: BOARD, outDir, testInput: [input], agent: false });

  it('tinyfit_srdhm (16-bit halves) equals gemmlowp SaturatingRoundingDoublingHighMul on the core', () => {
    const kernels = path.join(REPO, 'firmware', 'kernels');
    const elf = path.join(root, 'srdhm.elf');
    const cc = spawnSync(
      'arm-none-eabi-gcc',
      [...M0, '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-DCASES=200000', '-I', outDir, '-I', kernels, '-nostartfiles', '--specs=nano.specs', '-T', path.join(outDir, 'link.ld'), '-Wl,--gc-sections', '-o', elf,
        path.join(REPO, 'tests', 'kernels', 'isa', 'srdhm_thumb1_check.c'), path.join(outDir, 'startup.c'), ...fs.readdirSync(path.join(outDir, 'port')).filter((f) => f.endsWith('.c')).map((f) => path.join(outDir, 'port', f)), '-lc', '-lgcc', '-lnosys'],
      { encoding: 'utf8' },
    );
    expect(cc.stderr).toBe('');
    expect(cc.status).toBe(0);
    const run = spawnSync('qemu-system-arm', ['-M', 'mps2-an386', '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-semihosting-config', 'enable=on,target=native', '-kernel', elf], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout).toMatch(/^cases 200324 mismatches 0$/m);
  });

  it('IC ResNet-8 for Cortex-M0 code, -O2 and -Os: the int8 reference bytes', () => {
    const expected = (runInt8(g, [input]) as Int8Array[]).map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('hex')).join();
    for (const level of ['O2', 'Os'] as const) {
      buildProject(outDir, { optimize: level });
      const run = runFirmware(outDir);
      expect(run.outputs.map((b) => b.toString('hex')).join()).toBe(expected);
    }
  });
});
