/**
 * Mutation fuzzing of readTflite: 100,000 corrupted files (the four MLPerf Tiny models and hand-built models as
 * seeds) must each be read, or rejected with a one-line TinyfitError, in under 500 ms. A failure prints the run
 * seed and mutation index; reproduce it with `mutateTflite(seeds, seed, index, WEIGHTS)`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTflite } from '../../../src/import/tflite/reader';
import { writeTflite } from '../../../src/import/tflite/writer';
import { TfliteBuilder } from '../../helpers/tfliteBuild';
import { fuzzTflite } from '../../helpers/tfliteFuzz';
import { MLPERF_DIR } from '../../helpers/mlperf';

const DATA = MLPERF_DIR;
const REAL = ['kws_ref_model', 'pretrainedResnet_quant', 'vww_96_int8', 'ad01_int8'];

/** Small models using every decoded option table, quantization, custom ops, metadata, two subgraphs. */
function builtSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];

  const a = new TfliteBuilder();
  const q = (s: number, z = 0) => ({ scale: [s], zeroPoint: [z] });
  const x = a.tensor('input', [1, 6, 6, 2], 'int8', q(0.5, -1));
  const w = a.constTensor('conv/w', [4, 3, 3, 2], new Int8Array(72).map((_, i) => (i * 7) % 255 - 127), {
    scale: [0.1, 0.2, 0.3, 0.4],
    zeroPoint: [0, 0, 0, 0],
  });
  const bias = a.constTensor('conv/b', [4], new Int32Array([1, 2, 3, 4]), { scale: [0.05, 0.1, 0.15, 0.2] });
  const c = a.tensor('conv', [1, 6, 6, 4], 'int8', q(0.25));
  a.op('CONV_2D', [x, w, bias], [c], { padding: 'SAME', strideW: 1, strideH: 1, fusedActivationFunction: 'RELU', dilationWFactor: 2 }, 3);
  const dw = a.constTensor('dw/w', [1, 3, 3, 4], new Int8Array(36).fill(5), { scale: [0.1, 0.1, 0.2, 0.2], quantizedDimension: 3 });
  const d = a.tensor('dw', [1, 3, 3, 4], 'int8', q(0.25));
  a.op('DEPTHWISE_CONV_2D', [c, dw, -1], [d], { padding: 'VALID', strideW: 2, strideH: 2, depthMultiplier: 1 }, 2);
  const p = a.tensor('pool', [1, 1, 1, 4], 'int8', q(0.25));
  a.op('AVERAGE_POOL_2D', [d], [p], { padding: 'VALID', strideW: 3, strideH: 3, filterWidth: 3, filterHeight: 3 });
  const r = a.tensor('flat', [1, 4], 'int8', q(0.25));
  a.op('RESHAPE', [p], [r], { newShape: [1, 4] });
  const fw = a.constTensor('fc/w', [3, 4], new Int8Array(12).fill(-2), q(0.01));
  const f = a.tensor('fc', [1, 3], 'int8', q(0.1));
  a.op('FULLY_CONNECTED', [r, fw, -1], [f], { keepNumDims: true }, 4);
  const s = a.tensor('softmax', [1, 3], 'int8', q(1 / 256, -128));
  a.op('SOFTMAX', [f], [s], { beta: 1 }, 2);
  a.inputs([x]).outputs([s]);
  a.addMetadata('min_runtime_version', new TextEncoder().encode('1.14.0\0\0\0\0\0\0\0\0\0\0'));
  seeds.push(a.bytes());

  const b = new TfliteBuilder();
  const u = b.tensor('u', [2, 3]);
  const v = b.constTensor('v', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6]));
  const sum = b.tensor('sum', [2, 3]);
  b.op('ADD', [u, v], [sum], { fusedActivationFunction: 'RELU6' });
  const diff = b.tensor('diff', [2, 3]);
  b.op('SUB', [sum, v], [diff]);
  const prod = b.tensor('prod', [2, 3]);
  b.op('MUL', [diff, u], [prod], { fusedActivationFunction: 'TANH' });
  const cat = b.tensor('cat', [2, 6]);
  b.op('CONCATENATION', [prod, u], [cat], { axis: 1 });
  const lr = b.tensor('leaky', [2, 6]);
  b.op('LEAKY_RELU', [cat], [lr], { alpha: 0.2 });
  const axes = b.constTensor('axes', [1], new Int32Array([1]));
  const mean = b.tensor('mean', [2, 1]);
  b.op('MEAN', [lr, axes], [mean], { keepDims: true });
  const sq = b.tensor('squeezed', [2]);
  b.op('SQUEEZE', [mean], [sq], { squeezeDims: [1] });
  const mx = b.tensor('pooled', [2]);
  b.op('CUSTOM:MyPool', [sq], [mx]);
  b.op('GELU', [mx], [mx], {}, 1);
  b.inputs([u]).outputs([mx]);
  const m = b.model();
  m.subgraphs.push({ name: 'cond', tensors: [{ index: 0, name: 'flag', shape: [], type: 'bool', buffer: 0, isVariable: true, sparse: false }], inputs: [0], outputs: [0], operators: [] });
  seeds.push(writeTflite(m));

  const tiny = new TfliteBuilder();
  const t = tiny.tensor('t', [1]);
  tiny.inputs([t]).outputs([t]);
  seeds.push(tiny.bytes());
  return seeds;
}

describe('readTflite mutation fuzzing', () => {
  let seeds: Uint8Array[];
  beforeAll(() => {
    const real = REAL.map((f) => {
      const p = path.join(DATA, `${f}.tflite`);
      if (!fs.existsSync(p)) throw new Error(`missing test model ${p} (the MLPerf Tiny models are required)`);
      return new Uint8Array(fs.readFileSync(p));
    });
    seeds = [...real, ...builtSeeds()];
    for (const s of seeds) readTflite(s); // every seed is valid
  });

  it('100,000 mutated files: each parsed or rejected with a one-line TinyfitError within 500 ms', () => {
    // Real files cost ~1 ms per read (their weights are copied); small built seeds ~0.05 ms.
    const WEIGHTS = [1, 1, 1, 1, 12, 12, 4];
    const r = fuzzTflite(seeds, 100_000, 20240611, { weights: WEIGHTS, budgetMs: 500 });
    // eslint-disable-next-line no-console
    console.log(`tflite fuzz: ${r.files} files, ${r.parsed} parsed, ${r.rejected} rejected, ${(r.ms / 1000).toFixed(1)} s, slowest read ${r.slowestMs.toFixed(1)} ms`);
    expect(r.failures).toEqual([]);
    expect(r.files).toBe(100_000);
    expect(r.parsed + r.rejected).toBe(r.files);
    // Both outcomes must be common, or the mutations are not reaching the structure.
    expect(r.parsed).toBeGreaterThan(10_000);
    expect(r.rejected).toBeGreaterThan(10_000);
  });
});
