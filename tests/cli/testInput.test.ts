/**
 * `tinyfit generate --test-input`: the input firmware runs the model on — the KWS firmware built for the virtual
 * Cortex-M4 prints TFLite Micro's bytes for the published test input given as an .npy; the first calibration sample
 * by default; one-line errors for a wrong count, shape or dtype.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeNpy } from '../../src/io/npy';
import { runCli } from '../helpers/cli';
import { buildFirmware, runFirmware } from '../helpers/firmware';
import { KWS_TFLM_OUTPUT, MLPERF_DIR, kwsTestInput } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('testinput');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const KWS = path.join(MLPERF_DIR, 'kws_ref_model.tflite');

describe('generate --test-input', () => {
  it('bakes the given input into the firmware: KWS on qemu-cortex-m4 prints TFLM\'s bytes', () => {
    const npy = path.join(root, 'kws.npy');
    writeNpy(npy, kwsTestInput(), [1, 49, 10, 1]);
    const out = path.join(root, 'kws');
    const r = runCli(['generate', KWS, '-t', 'qemu-cortex-m4', '-o', out, '--io', 'int8', '--test-input', npy]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    buildFirmware(out);
    const run = runFirmware(out);
    expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
    expect(fs.readFileSync(path.join(out, 'main.c'), 'utf8')).toMatch(/Test input 0 \('input_1'\): given/);
  }, 120_000);

  it('takes the first calibration sample by default, and zeros without one', () => {
    const M = 'examples/mnist';
    const q = path.join(root, 'lenet_q');
    const r = runCli(['generate', `${M}/lenet5`, '-t', 'qemu-cortex-m4', '-o', q, '--quantize', 'int8', '--calibration', `${M}/calib_x.npy`]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(q, 'main.c'), 'utf8')).toMatch(/Test input 0 \('[^']+'\): given/);
    const f = path.join(root, 'lenet_f');
    expect(runCli(['generate', `${M}/lenet5`, '-t', 'qemu-cortex-m4', '-o', f]).status).toBe(0);
    expect(fs.readFileSync(path.join(f, 'main.c'), 'utf8')).toMatch(/zeros \(no test input given\)/);
  }, 120_000);

  it('refuses a wrong count, shape or dtype in one line, writing nothing', () => {
    const bad = path.join(root, 'bad.npy');
    writeNpy(bad, new Float32Array(12), [3, 4]);
    const ints = path.join(root, 'ints.npy');
    writeNpy(ints, new Int32Array(490), [49, 10, 1]);
    const out = path.join(root, 'never');
    const cases: [string[], RegExp][] = [
      [[bad, bad], /^tinyfit: error: --test-input takes one \.npy per model input: model 'kws_ref_model' has 1/],
      [[bad], /bad\.npy: shape \[3, 4\] is neither input 'input_1' \[49, 10, 1\] nor samples of it/],
      [[ints], /ints\.npy: Int32Array data for int8 input 'input_1'; give float32 or int8$/m],
    ];
    for (const [files, msg] of cases) {
      const r = runCli(['generate', KWS, '-t', 'qemu-cortex-m4', '-o', out, '--io', 'int8', '--test-input', ...files]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
