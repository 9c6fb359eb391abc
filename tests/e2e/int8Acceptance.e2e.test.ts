/**
 * Issue acceptance for int8 quantization, measured:
 * - LeNet-5 (examples/mnist): quantized with 100 calibration digits in < 30 s; int8 accuracy within 0.3 pp of
 *   float on the 2,000 held-out digits; the generated C reproduces the TypeScript int8 reference on all 2,000,
 *   bit for bit (float outputs compared as bytes: dequantization is exact).
 * - A MobileNet-style depthwise-separable model: per-channel int8 keeps ≥ 99 % top-1 agreement with float on
 *   its evaluation set; per-tensor weights lose SQNR on the depthwise layers (the report shows both). On this
 *   synthetic (untrained) model per-tensor does not lose top-1 agreement; nor on the trained one
 *   (examples/mnist/dsconv, tests/e2e/int8Depthwise.e2e.test.ts): see the closing note of issue 4.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { readNpy } from '../../src/io/npy';
import { loadCalibrationSamples } from '../../src/quantize/calibrate';
import { evaluateQuantized } from '../../src/quantize/evaluate';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { runFloat } from '../../src/reference/runFloat';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, runInt8C } from '../helpers/int8Run';
import { tempDir } from '../helpers/zooRun';
import { MOBILENET_STYLE, seedMobilenetStyle } from '../zoo/mobilenetStyle';
import { saveModel } from '../zoo/save';
import { zooInputs } from '../zoo/models';

const MNIST = path.resolve(__dirname, '..', '..', 'examples', 'mnist');
const root = tempDir('int8acc');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function argmax(v: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
  return b;
}

describe('LeNet-5 int8', () => {
  it('quantizes in < 30 s, stays within 0.3 pp of float on 2,000 digits, and C reproduces all 2,000 bit for bit', () => {
    const t0 = Date.now();
    const float = optimizeForInt8(importModel(path.join(MNIST, 'lenet5')));
    const calib = loadCalibrationSamples(path.join(MNIST, 'calib_x.npy'), float);
    expect(calib.length).toBe(100);
    const { graph } = quantizeModel(float, calib);
    const seconds = (Date.now() - t0) / 1000;
    expect(seconds).toBeLessThan(30);

    const digits = loadCalibrationSamples(path.join(MNIST, 'test_x.npy'), float);
    const labels = readNpy(path.join(MNIST, 'test_y.npy')).data;
    expect(digits.length).toBe(2000);
    let okF = 0;
    let okQ = 0;
    const ref = digits.map((s, i) => {
      const q = runInt8(graph, s)[0] as Float32Array;
      if (argmax(runFloat(float, s)[0]) === labels[i]) okF++;
      if (argmax(q) === labels[i]) okQ++;
      return q;
    });
    const accF = okF / 2000;
    const accQ = okQ / 2000;
    expect(Math.abs(accQ - accF)).toBeLessThanOrEqual(0.003);

    const outDir = path.join(root, 'lenet5_int8');
    const result = generate(graph, { target: 'host', outDir, name: 'lenet5' });
    const got = runInt8C({ float, quant: graph, result, outDir }, digits);
    let same = 0;
    got.forEach((o, i) => {
      if (bytesOf(ref[i]).equals(o[0])) same++;
    });
    expect(same).toBe(2000);
    process.stdout.write(`LeNet-5 int8: quantized in ${seconds.toFixed(1)} s; accuracy float ${(100 * accF).toFixed(2)} %, int8 ${(100 * accQ).toFixed(2)} %; C bit-exact ${same}/2000\n`);
  }, 300_000);
});

describe('MobileNet-style model: per-channel vs per-tensor int8', () => {
  it('per-channel keeps ≥ 99 % top-1 agreement; per-tensor loses SQNR on the depthwise layers', async () => {
    const tf = await getTf();
    const model = MOBILENET_STYLE.build(tf);
    seedMobilenetStyle(tf, model, 4242);
    const dir = path.join(root, 'mobilenet_style');
    await saveModel(model, dir);
    const float = optimizeForInt8(importModel(path.join(dir, 'model.json')));
    const calib = Array.from({ length: 32 }, (_, i) => zooInputs(MOBILENET_STYLE, 10_000 + i));
    const evalSet = Array.from({ length: 300 }, (_, i) => zooInputs(MOBILENET_STYLE, 20_000 + i));
    const perChannel = evaluateQuantized(float, quantizeModel(float, calib, { perChannel: true }).graph, evalSet);
    const perTensor = evaluateQuantized(float, quantizeModel(float, calib, { perChannel: false }).graph, evalSet);
    const dwSqnr = (r: typeof perChannel): number => Math.min(...r.layers.filter((l) => l.op.startsWith('depthwise')).map((l) => l.sqnrDb));
    process.stdout.write(
      `MobileNet-style: top-1 agreement per-channel ${(100 * perChannel.top1Agreement).toFixed(1)} %, per-tensor ${(100 * perTensor.top1Agreement).toFixed(1)} %; ` +
        `worst depthwise SQNR per-channel ${dwSqnr(perChannel).toFixed(1)} dB, per-tensor ${dwSqnr(perTensor).toFixed(1)} dB\n`,
    );
    expect(perChannel.top1Agreement).toBeGreaterThanOrEqual(0.99);
    expect(dwSqnr(perTensor)).toBeLessThan(dwSqnr(perChannel) - 3);
  }, 300_000);
});
