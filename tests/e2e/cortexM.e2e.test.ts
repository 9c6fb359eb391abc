/**
 * Cortex-M firmware in emulation (family cortex-m, qemu-system-arm): on every virtual board — Cortex-M4
 * (mps2-an386), M7 (mps2-an500), M33 (mps2-an505), M55 with Helium (mps3-an547), M0 (micro:bit, no DSP, no divide,
 * 16 KB RAM), M3 (lm3s6965evb, a PL011 UART: the Pico's) and the STM32F405 (netduinoplus2, a real STM32 USART) — the four MLPerf Tiny models build
 * (`tinyfit build`) and print exactly the host build's output bytes (KWS: TFLite Micro's published bytes), or,
 * where the board's memory cannot hold them, `tinyfit build` refuses them naming the consumers; float models
 * print outputs within 1e-4 + 1e-3·|host|.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject, BuildReport } from '../../src/build';
import { generate, TestInput } from '../../src/codegen';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { getTarget, targetFigures } from '../../src/targets';
import { buildRunner } from '../helpers/cproject';
import { runFirmware } from '../helpers/firmware';
import { bytesOf } from '../helpers/int8Run';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, MLPERF_MODELS, kwsTestInput } from '../helpers/mlperf';
import { mulberry32 } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

const BOARDS = ['qemu-cortex-m4', 'qemu-cortex-m7', 'qemu-cortex-m33', 'qemu-cortex-m55', 'qemu-cortex-m0', 'qemu-cortex-m3', 'qemu-stm32f405'];
const root = tempDir('cortexm');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The host build's outputs for one input (raw bytes of every output). */
function hostOutputs(g: Graph, dir: string, input: TestInput): Buffer[] {
  const r = generate(g, { target: 'host', outDir: dir, name: 'model' });
  const run = spawnSync(buildRunner(dir), [], { input: Buffer.concat(input.map((x) => bytesOf(x))), env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (run.status !== 0) throw new Error(`host runner failed: ${run.stderr}`);
  let off = 0;
  return r.outputs.map((o) => run.stdout.subarray(off, (off += o.bytes)));
}

function randomInput(g: Graph, seed: number): TestInput {
  const rng = mulberry32(seed);
  return g.inputs.map((id) => {
    const t = tensor(g, id);
    const n = numel(t.shape);
    return t.dtype === 'int8' ? Int8Array.from({ length: n }, () => Math.floor(rng() * 256) - 128) : Float32Array.from({ length: n }, () => rng() * 2 - 1);
  });
}

/** Whether a model should fit a board: weights within its flash, arena plus stack reserve within its RAM (with room for code). */
function expectFits(board: string, weightBytes: number, arenaBytes: number): boolean {
  const t = getTarget(board);
  const f = targetFigures(t);
  return weightBytes + 64 * 1024 <= (f.flashBytes ?? Infinity) && arenaBytes + (t.memory?.stack ?? 8192) + 1024 <= (f.ramBytes ?? Infinity);
}

/** Builds a project with `tinyfit build`; undefined when it does not fit (then the error must name a consumer). */
function buildOrRefuse(dir: string): BuildReport | undefined {
  try {
    return buildProject(dir);
  } catch (e) {
    if (!(e instanceof TinyfitError)) throw e;
    expect(e.message).toMatch(
      /^the firmware does not fit target '[^']+': (flash overflowed by \d+ B .*largest weight arrays: \S+ \d+ B|the weights alone take \d+ B .*largest weight arrays: \S+ \d+ B|RAM overflowed by \d+ B .*arena \d+ B, peak at op '[^']+'|the arena alone takes \d+ B .*peak at op '[^']+')/,
    );
    return undefined;
  }
}

describe.each(MLPERF_MODELS.map(([file]) => [file]))('%s on the virtual Cortex-M boards', (file) => {
  const g = optimize(importModel(path.join(MLPERF_DIR, file)));
  setIo(g, 'int8');
  const input = file.startsWith('kws') ? [kwsTestInput()] : randomInput(g, file.length);
  let host: Buffer[];
  beforeAll(() => {
    host = hostOutputs(g, path.join(root, `${file}_host`), input);
  });

  it.each(BOARDS.map((b) => [b]))('%s: output bytes equal the host build, or the board refuses it by name', (board) => {
    const outDir = path.join(root, `${file.replace(/\W/g, '_')}_${board}`);
    const r = generate(g, { target: board, outDir, testInput: input });
    const built = buildOrRefuse(outDir);
    expect(built !== undefined).toBe(expectFits(board, r.weightBytes, r.arenaBytes));
    if (!built) return;
    const run = runFirmware(outDir);
    expect(run.outputs.map((b) => b.toString('hex'))).toEqual(host.map((b) => b.toString('hex')));
    if (file.startsWith('kws')) expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    expect(run.tickHz).toBe(targetFigures(getTarget(board)).clockHz);
    expect(run.stackUsed).toBeGreaterThan(0);
    expect(built.stack.bytes).toBeGreaterThanOrEqual(run.stackUsed);
    // ticks × 10^9 / clock in the firmware's Q16 fixed point: off by at most the rounding of the
    // Q16 period times the ticks, plus the final truncation.
    const exactQ16 = (1e9 * 65536) / run.tickHz;
    const bound = (run.ticks * Math.abs(Math.round(exactQ16) - exactQ16)) / 65536 + 1;
    expect(Math.abs(run.instructions! - (run.ticks * 1e9) / run.tickHz)).toBeLessThanOrEqual(bound);
    console.log(`${file} on ${board}: ${run.ticks} ticks (${run.instructions} instructions at -icount shift=0), stack ${run.stackUsed} B (static bound ${built.stack.bytes} B), flash ${built.flash.used} B, RAM ${built.ram.used} B`);
  }, 300_000);
});

describe('float models on the virtual Cortex-M boards', () => {
  it.each(BOARDS.map((b) => [b]))('%s: LeNet-5 (where it fits) and the sine model print outputs within 1e-4 + 1e-3·|host|', (board) => {
    for (const rel of ['sine/model.json', 'mnist/lenet5/model.json']) {
      const g = optimize(importModel(path.resolve(__dirname, '..', '..', 'examples', rel)));
      const input = randomInput(g, 5);
      const outDir = path.join(root, `${rel.replace(/\W/g, '_')}_${board}`);
      const r = generate(g, { target: board, outDir, testInput: input });
      const built = buildOrRefuse(outDir);
      expect(built !== undefined).toBe(expectFits(board, r.weightBytes, r.arenaBytes));
      if (!built) continue;
      const run = runFirmware(outDir);
      const host = hostOutputs(g, `${outDir}_host`, input);
      const got = new Float32Array(run.outputs[0].buffer.slice(run.outputs[0].byteOffset, run.outputs[0].byteOffset + run.outputs[0].length));
      const want = new Float32Array(host[0].buffer.slice(host[0].byteOffset, host[0].byteOffset + host[0].length));
      expect(got.length).toBe(numel(r.outputs[0].shape));
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
    }
  }, 300_000);
});
