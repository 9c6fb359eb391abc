/**
 * The four MLPerf Tiny int8 models: import the .tflite, generate for the host with raw int8 I/O, compile and
 * run. The generated C must equal the TypeScript int8 reference byte for byte; the KWS model must reproduce the
 * output TFLite Micro's reference and CMSIS-NN kernels give for a fixed input (published in the issue); every
 * arena must be at or below its liveness lower bound (the liveness lower bound: the largest sum of live activation bytes at any step).
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { runInt8 } from '../../src/reference/runInt8';
import { mulberry32 } from '../helpers/rng';
import { bytesOf, runInt8C } from '../helpers/int8Run';
import { tempDir } from '../helpers/zooRun';
import { KWS_TFLM_OUTPUT, MLPERF_DIR as DATA, MLPERF_MODELS, kwsTestInput } from '../helpers/mlperf';

describe('MLPerf Tiny .tflite models', () => {
  const root = tempDir('tflite-mlperf');

  it('the data folder is present', () => {
    expect(fs.existsSync(DATA)).toBe(true);
  });

  for (const [file, lb, tflm] of MLPERF_MODELS) {
    it(`${file}: imports, generates for host, C = TS int8 reference, arena ≤ lower bound`, () => {
      const g = optimize(importModel(path.join(DATA, file)));
      setIo(g, 'int8');
      expect(g.quantization?.rounding).toBe('double');
      const outDir = path.join(root, file.replace(/\W/g, '_'));
      const r = generate(g, { target: 'host', outDir, name: 'model' });
      expect(r.lowerBoundBytes).toBeLessThanOrEqual(lb);
      expect(r.arenaBytes).toBeLessThanOrEqual(lb);
      expect(r.arenaBytes).toBeLessThan(tflm);
      const rand = mulberry32(file.length);
      const samples: Int8Array[][] = [0, 1, 2].map(() => g.inputs.map((id) => Int8Array.from({ length: numel(tensor(g, id).shape) }, () => Math.floor(rand() * 256) - 128)));
      if (file.startsWith('kws')) samples.unshift([kwsTestInput()]);
      const c = runInt8C({ quant: g, outDir }, samples);
      samples.forEach((s, k) => {
        const ref = runInt8(g, s);
        ref.forEach((o, j) => expect(c[k][j].equals(bytesOf(o))).toBe(true));
      });
      if (file.startsWith('kws')) {
        expect(Array.from(new Int8Array(c[0][0].buffer, c[0][0].byteOffset, c[0][0].length))).toEqual(KWS_TFLM_OUTPUT);
      }
    }, 300_000);
  }
});
