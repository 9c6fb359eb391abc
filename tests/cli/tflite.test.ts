/**
 * The CLI on .tflite files: inspect / plan / generate on the MLPerf KWS model (int8 I/O raw or float at the
 * boundary), and one-line exit-1 errors for corrupt files, unsupported operators, op versions and tensor types,
 * and options that do not apply to an int8 model — with nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliResult, runCli } from '../helpers/cli';
import { TfliteBuilder } from '../helpers/tfliteBuild';
import { MLPERF_DIR } from '../helpers/mlperf';

const KWS = path.join(MLPERF_DIR, 'kws_ref_model.tflite');
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-cli-tflite-'));
});

function expectUserError(r: CliResult, ...mention: string[]): void {
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/^tinyfit: error: [^\n]+\n$/) });
  expect(r.stdout).toBe('');
  for (const m of mention) expect(r.stderr).toContain(m);
}

/** A one-op model file from the builder. */
function oneOp(name: string, build: (b: TfliteBuilder) => void): string {
  const b = new TfliteBuilder();
  build(b);
  const file = path.join(root, `${name}.tflite`);
  fs.writeFileSync(file, b.bytes());
  return file;
}

function generateFails(model: string, extra: string[], ...mention: string[]): void {
  const out = path.join(root, `out-${path.basename(model)}-${extra.join('')}`);
  expectUserError(runCli(['generate', model, '--target', 'host', '--out', out, ...extra]), ...mention);
  expect(fs.existsSync(out)).toBe(false);
}

describe('tinyfit on .tflite', () => {
  it('inspect --json lists the int8 KWS model', () => {
    const r = runCli(['inspect', KWS, '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.totals.ops).toBe(13);
    expect(j.inputs).toEqual([expect.objectContaining({ shape: [49, 10, 1], dtype: 'int8' })]);
    expect(j.outputs).toEqual([expect.objectContaining({ shape: [12], dtype: 'int8' })]);
  });

  it('plan --json: arena at or below the liveness lower bound and below TFLM greedy', () => {
    const r = runCli(['plan', KWS, '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.lowerBoundBytes).toBe(16000);
    expect(j.arenaBytes).toBeLessThanOrEqual(j.lowerBoundBytes);
    expect(j.arenaBytes).toBeLessThan(j.tflmGreedyBytes);
  });

  it('generate --io int8 exposes raw int8 tensors with their parameters; the default is float I/O', () => {
    const raw = runCli(['generate', KWS, '--target', 'host', '--out', path.join(root, 'kws-int8'), '--io', 'int8', '--json']);
    expect(raw.status).toBe(0);
    const j = JSON.parse(raw.stdout);
    expect(j.inputs[0]).toEqual(expect.objectContaining({ dtype: 'int8', scale: expect.any(Number), zeroPoint: expect.any(Number) }));
    expect(j.outputs[0]).toEqual(expect.objectContaining({ dtype: 'int8', scale: 1 / 256, zeroPoint: -128 }));
    const fl = runCli(['generate', KWS, '--target', 'host', '--out', path.join(root, 'kws-float'), '--json']);
    expect(fl.status).toBe(0);
    const k = JSON.parse(fl.stdout);
    expect([k.inputs[0].dtype, k.outputs[0].dtype]).toEqual(['float32', 'float32']);
  });

  it('corrupt and truncated files: one line naming the file', () => {
    const bytes = fs.readFileSync(KWS);
    const cut = path.join(root, 'cut.tflite');
    fs.writeFileSync(cut, bytes.subarray(0, 1000));
    generateFails(cut, [], 'cut.tflite');
    const junk = path.join(root, 'junk.tflite');
    fs.writeFileSync(junk, Buffer.from('this is not a flatbuffer at all'));
    expectUserError(runCli(['inspect', junk]), 'junk.tflite');
    expectUserError(runCli(['plan', path.join(root, 'missing.tflite')]), 'missing.tflite');
  });

  it('unsupported operators, versions and types are reported with name, version and index', () => {
    const floor = oneOp('floor', (b) => {
      const x = b.tensor('x', [1, 8]);
      const y = b.tensor('y', [1, 8]);
      b.op('RELU', [x], [y]);
      b.op('FLOOR', [y], [b.tensor('z', [1, 8])]);
      b.inputs([x]).outputs([y]);
    });
    generateFails(floor, [], 'operator 1 FLOOR v1', 'not supported');
    const v9 = oneOp('conv-v9', (b) => {
      const x = b.tensor('x', [1, 4, 4, 1]);
      const y = b.tensor('y', [1, 4, 4, 1]);
      b.op('CONV_2D', [x, b.constTensor('w', [1, 1, 1, 1], new Float32Array([1])), -1], [y], { padding: 'SAME', strideH: 1, strideW: 1 }, 9);
      b.inputs([x]).outputs([y]);
    });
    generateFails(v9, [], 'operator 0 CONV_2D v9', 'version 9');
    const i16 = oneOp('int16', (b) => {
      const x = b.tensor('x', [1, 8], 'int16', { scale: [0.1], zeroPoint: [0] });
      const y = b.tensor('y', [1, 8], 'int16', { scale: [0.1], zeroPoint: [0] });
      b.op('RELU', [x], [y]);
      b.inputs([x]).outputs([y]);
    });
    expectUserError(runCli(['inspect', i16]), 'int16');
  });

  it('options that do not apply to an int8 model are rejected', () => {
    generateFails(KWS, ['--quantize', 'int8'], 'already quantized');
    generateFails(KWS, ['--calibration', 'x.npy'], 'already quantized');
  });
});
