/**
 * Int8 figures for `npm run bench`: LeNet-5 quantization time beside its 30 s budget, float vs int8 accuracy on
 * the 2,000 held-out digits (anchor: float accuracy, target within 0.3 pp), and int8 / float16 weight bytes as
 * a fraction of float32 for every zoo model (targets 26 % / 51 %).
 */
import * as path from 'path';
import { constantBytes } from '../src/codegen/size';
import { table } from '../src/cli/table';
import { importModel } from '../src/import';
import { numel, tensor } from '../src/ir/graph';
import { Graph } from '../src/ir/types';
import { readNpy } from '../src/io/npy';
import { loadCalibrationSamples } from '../src/quantize/calibrate';
import { evaluateQuantized } from '../src/quantize/evaluate';
import { optimizeForInt8, quantizeModel } from '../src/quantize/pipeline';
import { compressWeights } from '../src/quantize/weightStorage';
import { ZOO, zooInputs } from '../tests/zoo/models';

const MNIST = path.resolve(__dirname, '..', '..', 'examples', 'mnist');

/** Prints the int8 figures; `imported` holds each zoo model's imported (unoptimized) float graph by name. */
export function printQuantizeBench(imported: Map<string, Graph>, optimized: Map<string, Graph>): void {
  const t0 = Date.now();
  const float = optimizeForInt8(importModel(path.join(MNIST, 'lenet5')));
  const { graph } = quantizeModel(float, loadCalibrationSamples(path.join(MNIST, 'calib_x.npy'), float));
  const s = (Date.now() - t0) / 1000;
  const digits = loadCalibrationSamples(path.join(MNIST, 'test_x.npy'), float);
  const r = evaluateQuantized(float, graph, digits, readNpy(path.join(MNIST, 'test_y.npy')).data);
  const accF = 100 * r.accuracyFloat!;
  const accQ = 100 * r.accuracyQuantized!;
  process.stdout.write(`\nInt8 quantization (LeNet-5, 100 calibration digits): ${s.toFixed(1)} s vs budget 30 s (ratio ${(s / 30).toFixed(2)})\n`);
  process.stdout.write(
    `LeNet-5 accuracy on 2,000 digits: float ${accF.toFixed(2)} %, int8 ${accQ.toFixed(2)} % (Δ ${(accQ - accF).toFixed(2)} pp, target within 0.3 pp); top-1 agreement ${(100 * r.top1Agreement).toFixed(2)} %\n`,
  );
  printDepthwiseBench(digits);
  const rows: (string | number)[][] = [];
  ZOO.forEach((e, i) => {
    const g = imported.get(e.name);
    const opt = optimized.get(e.name);
    if (!g || !opt) return;
    const f32 = constantBytes(opt);
    const calib = [0, 1, 2, 3].map((k) => zooInputs(e, 50 * i + k));
    const qg = quantizeModel(optimizeForInt8(g), calib).graph;
    const q = constantBytes(qg);
    const h = constantBytes(compressWeights(opt, 'float16'));
    const floor = weightsAndBiasesBytes(qg);
    rows.push([e.name, f32, q, (q / f32).toFixed(3), (floor / f32).toFixed(3), h, (h / f32).toFixed(3)]);
  });
  process.stdout.write('\nWeight bytes (requantization constants and int32 biases counted) vs float32; targets int8 ≤ 0.26, float16 ≤ 0.51\n');
  process.stdout.write(table(['model', 'float32 B', 'int8 B', 'int8/f32', 'floor/f32', 'float16 B', 'f16/f32'], rows) + '\n');
  process.stdout.write('(floor: int8 weights + int32 biases alone, before any quantization parameter — no TFLite-format int8 model can go below it)\n');
}

/**
 * The trained depthwise-separable MNIST model (examples/mnist/dsconv): top-1 agreement with float for per-channel
 * and per-tensor int8 weights on the 2,000 test digits (target: per-channel ≥ 99 %).
 */
function printDepthwiseBench(digits: Float32Array[][]): void {
  const float = optimizeForInt8(importModel(path.join(MNIST, 'dsconv')));
  const calib = loadCalibrationSamples(path.join(MNIST, 'calib_x.npy'), float);
  const labels = readNpy(path.join(MNIST, 'test_y.npy')).data;
  const pct = (x: number | undefined): string => `${(100 * (x ?? NaN)).toFixed(2)} %`;
  const line = (perChannel: boolean): string => {
    const r = evaluateQuantized(float, quantizeModel(float, calib, { perChannel }).graph, digits, labels);
    return `top-1 agreement ${pct(r.top1Agreement)}, accuracy ${pct(r.accuracyQuantized)} (float ${pct(r.accuracyFloat)})`;
  };
  process.stdout.write(`Depthwise-separable MNIST model (trained), 2,000 digits: per-channel ${line(true)}; per-tensor ${line(false)} (target per-channel ≥ 99 %)\n`);
}

/** Bytes of the int8 weights and int32 biases of a quantized graph's weighted ops (no quantization parameters). */
function weightsAndBiasesBytes(g: Graph): number {
  let n = 0;
  for (const op of g.ops) {
    if (op.kind !== 'conv2d' && op.kind !== 'depthwise_conv2d' && op.kind !== 'dense' && op.kind !== 'affine') continue;
    n += numel(tensor(g, op.inputs[1]).shape);
    if (op.inputs[2] !== undefined) n += 4 * numel(tensor(g, op.inputs[2]).shape);
  }
  return n;
}
