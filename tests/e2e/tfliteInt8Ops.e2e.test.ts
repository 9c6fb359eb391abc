/**
 * Int8 .tflite models built with the flatbuffers builder, one per supported operator: imported with the file's
 * parameters, generated for the host with raw int8 I/O and compiled. Two checks each:
 * - the C output equals the TypeScript int8 reference byte for byte;
 * - the mapping means what TFLite means: the dequantized output is within a small number of output steps of
 *   TF.js's float op applied to the dequantized inputs and weights (an independent implementation).
 */
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, runInt8C } from '../helpers/int8Run';
import { mulberry32 } from '../helpers/rng';
import { buildCase, deq, int8OpCases } from '../helpers/tfliteInt8Cases';
import { tempDir } from '../helpers/zooRun';
import * as fs from 'fs';

let tf: typeof TF;
/** The cases are declared before TF.js loads; they only touch it inside their reference functions. */
const tfForCases = new Proxy({}, { get: (_, k) => (tf as unknown as Record<string | symbol, unknown>)[k] }) as typeof TF;
const root = tempDir('tflite-int8-ops');
beforeAll(async () => {
  tf = await getTf();
});

describe('int8 .tflite operators', () => {
  for (const c of int8OpCases(tfForCases)) {
    it(`${c.name}: C = TS int8 reference byte for byte, and within ${c.steps} output step(s) of TF.js`, () => {
      const oq = c.out[1];
      const dir = path.join(root, c.name.replace(/\W+/g, '_'));
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'model.tflite');
      fs.writeFileSync(file, buildCase(c));
      const g = optimize(importModel(file));
      if (!c.floatIn) setIo(g, 'int8');
      generate(g, { target: 'host', outDir: path.join(dir, 'c'), name: 'm' });
      const rand = mulberry32(c.name.length * 31);
      const samples = [0, 1, 2, 3].map(() =>
        g.inputs.map((id) => {
          const n = numel(tensor(g, id).shape);
          return c.floatIn ? Float32Array.from({ length: n }, () => (rand() - 0.5) * 12) : Int8Array.from({ length: n }, () => Math.floor(rand() * 256) - 128);
        }),
      );
      const got = runInt8C({ quant: g, outDir: path.join(dir, 'c') }, samples);
      samples.forEach((s, k) => {
        const ref = runInt8(g, s)[0];
        expect(got[k][0].equals(bytesOf(ref))).toBe(true);
        const real = tf.tidy(() => {
          const ins = s.map((v, i) => tf.tensor(v instanceof Int8Array ? deq(v, c.ins[i][1]) : (v as Float32Array), c.ins[i][0]));
          return c.want(ins).dataSync() as Float32Array;
        });
        const outReal = c.floatOut ? (ref as Float32Array) : deq(ref as Int8Array, oq);
        let worst = 0;
        real.forEach((r, i) => {
          const clamped = Math.min(Math.max(r, oq.scale * (-128 - oq.zp)), oq.scale * (127 - oq.zp));
          worst = Math.max(worst, Math.abs(outReal[i] - clamped) / oq.scale);
        });
        expect(worst).toBeLessThanOrEqual(c.steps + 0.5 + 1e-3);
      });
    }, 60_000);
  }
});
