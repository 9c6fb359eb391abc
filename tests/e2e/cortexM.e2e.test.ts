/**
 * Cortex-M firmware in emulation (family cortex-m, QEMU): the generated project builds with arm-none-eabi-gcc and,
 * run in qemu-system-arm, prints exactly the outputs the host build computes — the MLPerf Tiny models byte for
 * byte (KWS: TFLite Micro's published bytes), float models within 1e-4 + 1e-3·|host| — with its ticks and the
 * stack it used.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate, GenerateResult, TestInput } from '../../src/codegen';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { buildRunner } from '../helpers/cproject';
import { buildFirmware, runFirmware } from '../helpers/firmware';
import { bytesOf } from '../helpers/int8Run';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, MLPERF_MODELS, kwsTestInput } from '../helpers/mlperf';
import { mulberry32 } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { spawnSync } from 'child_process';

const root = tempDir('cortexm');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The host build's outputs for one sample (raw bytes of every output). */
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

describe('qemu-cortex-m4 (mps2-an386)', () => {
  for (const [file] of MLPERF_MODELS) {
    it(`${file}: firmware output bytes equal the host build's`, () => {
      const g = optimize(importModel(path.join(MLPERF_DIR, file)));
      setIo(g, 'int8');
      const input = file.startsWith('kws') ? [kwsTestInput()] : randomInput(g, file.length);
      const outDir = path.join(root, file.replace(/\W/g, '_'));
      const r: GenerateResult = generate(g, { target: 'qemu-cortex-m4', outDir, testInput: input });
      expect(r.board.family).toBe('cortex-m');
      buildFirmware(outDir);
      const run = runFirmware(outDir);
      const host = hostOutputs(g, `${outDir}_host`, input);
      expect(run.outputs.map((b) => b.toString('hex'))).toEqual(host.map((b) => b.toString('hex')));
      if (file.startsWith('kws')) expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
      expect(run.tickHz).toBe(25_000_000);
      expect(run.ticks).toBeGreaterThan(0);
      expect(run.stackUsed).toBeGreaterThan(0);
      expect(run.stackUsed).toBeLessThan(run.stackReserved);
    }, 300_000);
  }

  it('a float model (LeNet-5) prints outputs within 1e-4 + 1e-3·|host| of the host build', () => {
    const g = optimize(importModel(path.resolve(__dirname, '..', '..', 'examples', 'mnist', 'lenet5', 'model.json')));
    const input = randomInput(g, 5);
    const outDir = path.join(root, 'lenet5');
    generate(g, { target: 'qemu-cortex-m4', outDir, testInput: input });
    buildFirmware(outDir);
    const run = runFirmware(outDir);
    const host = hostOutputs(g, `${outDir}_host`, input);
    const got = new Float32Array(run.outputs[0].buffer.slice(run.outputs[0].byteOffset, run.outputs[0].byteOffset + run.outputs[0].length));
    const want = new Float32Array(host[0].buffer.slice(host[0].byteOffset, host[0].byteOffset + host[0].length));
    expect(got.length).toBe(10);
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
  }, 300_000);
});
