/**
 * tinyfit against TensorFlow Lite's own runtime (tests/helpers/tfliteRuntime.ts: the TFLite interpreter of the
 * `@tensorflow/tfjs-tflite` npm package, an independent implementation) on the same int8 .tflite files and inputs.
 *
 * That runtime is desktop TFLite, not TFLite Micro: its builtin activation, pooling and softmax kernels share TFLite
 * Micro's integer arithmetic, so there tinyfit must match byte for byte; its convolution and fully connected
 * kernels go through an optimized GEMM whose requantization may round once instead of twice, and the ops it hands to
 * XNNPACK requantize in float32 — both differ from TFLite Micro by design, so there the check is one output step.
 * The MLPerf KWS and VWW models must classify every input as TFLite does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTflite } from '../../src/import/tflite/reader';
import { tfliteToGraph } from '../../src/import/tflite/toGraph';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { runInt8 } from '../../src/reference/runInt8';
import { mulberry32 } from '../helpers/rng';
import { buildCase, int8OpCases } from '../helpers/tfliteInt8Cases';
import { builtinKernelsOnly, runOnTflite } from '../helpers/tfliteRuntime';
import { MLPERF_DIR } from '../helpers/mlperf';

const DATA = MLPERF_DIR;

/** Operators whose TFLite builtin kernel shares TFLite Micro's arithmetic: byte-identical expected. */
const EXACT = ['AVERAGE_POOL_2D', 'RESHAPE', 'SOFTMAX', 'TANH', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'HARD_SWISH'];

function randomInputs(g: Graph, seed: number, n: number): (Int8Array | Float32Array)[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () =>
    g.inputs.map((id) => {
      const t = tensor(g, id);
      const len = numel(t.shape);
      return t.dtype === 'int8' ? Int8Array.from({ length: len }, () => Math.floor(rand() * 256) - 128) : Float32Array.from({ length: len }, () => (rand() - 0.5) * 12);
    }),
  );
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const argmax = (a: ArrayLike<number>): number => Array.prototype.indexOf.call(a, Math.max(...Array.from(a)));

describe('int8 operator models: tinyfit vs the TFLite runtime', () => {
  for (const c of int8OpCases(undefined as never)) {
    const exact = EXACT.some((op) => c.name.startsWith(op));
    it(`${c.name}: ${exact ? 'byte-identical (builtin kernel)' : 'within one output step'}`, async () => {
      const bytes = buildCase(c);
      const g = optimize(tfliteToGraph(readTflite(bytes), c.name));
      const samples = randomInputs(g, c.name.length, 8);
      const peer = builtinKernelsOnly(readTflite(bytes));
      const run = await runOnTflite(peer.bytes, samples, peer.feeds);
      const worst = Math.max(...samples.map((s, k) => maxDiff(runInt8(g, s)[0], run.outputs[k][0])));
      if (exact) {
        expect(run.xnnpack).toBe(false);
        expect(worst).toBe(0);
      } else {
        // Float outputs (DEQUANTIZE) differ by at most one output step, in real units.
        expect(worst).toBeLessThanOrEqual(c.floatOut ? c.out[1].scale * (1 + 1e-6) : 1);
      }
    }, 60_000);
  }
});

describe('MLPerf Tiny models: tinyfit classifies as the TFLite runtime does', () => {
  for (const file of ['kws_ref_model.tflite', 'vww_96_int8.tflite']) {
    it(file, async () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(DATA, file)));
      const g = optimize(tfliteToGraph(readTflite(bytes), file));
      setIo(g, 'int8');
      const samples = randomInputs(g, 17, 16);
      const peer = builtinKernelsOnly(readTflite(bytes));
      const run = await runOnTflite(peer.bytes, samples, peer.feeds);
      samples.forEach((s, k) => expect(argmax(runInt8(g, s)[0])).toBe(argmax(run.outputs[k][0])));
    }, 120_000);
  }
});
