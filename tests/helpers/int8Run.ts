/** Shared int8 end-to-end path: TF.js model → import → quantize → generate → compile → run, compared byte for byte. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { generate, GenerateResult } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { QuantizeGraphOptions } from '../../src/quantize/quantizeGraph';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { Int8Value } from '../../src/reference/runInt8';
import { quantizeInt8 } from '../../src/reference/int8/quantize';
import { saveModel, seedWeights } from '../zoo/save';
import { ZooEntry, zooInputs } from '../zoo/models';
import { buildRunner } from './cproject';

/** A quantized zoo model and its generated project. */
export interface Int8Case {
  float: Graph;
  quant: Graph;
  result: GenerateResult;
  outDir: string;
}

/** Builds, seeds, saves and imports a zoo entry, calibrates on `calib` random samples, quantizes and generates C. */
export async function prepareInt8(entry: ZooEntry, root: string, seed: number, opts: QuantizeGraphOptions, calib = 8): Promise<Int8Case> {
  const tf = await getTf();
  const model = entry.build(tf);
  seedWeights(model, seed);
  const modelDir = path.join(root, entry.name, 'model');
  await saveModel(model, modelDir);
  const float = optimizeForInt8(importModel(path.join(modelDir, 'model.json')));
  const samples = Array.from({ length: calib }, (_, i) => zooInputs(entry, seed * 17 + i));
  const { graph: quant } = quantizeModel(float, samples, opts);
  const outDir = path.join(root, entry.name, 'c');
  const result = generate(quant, { target: 'host', outDir, name: entry.name.replace(/[^A-Za-z0-9_]/g, '_') });
  return { float, quant, result, outDir };
}

/** Inputs for the quantized graph: float32 as given, or quantized to int8 with the input's parameters (int8 I/O). */
export function graphInputs(quant: Graph, floats: Float32Array[]): Int8Value[] {
  return quant.inputs.map((id, i) => (tensor(quant, id).dtype === 'int8' ? quantizeInt8(floats[i], tensor(quant, id).quant) : floats[i]));
}

/** Raw bytes of a typed array. */
export function bytesOf(v: Int8Value): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** Compiles the project (gcc + sanitizers) and runs it on samples; returns each sample's outputs as raw bytes. */
export function runInt8C(c: Pick<Int8Case, 'quant' | 'outDir'> & Partial<Int8Case>, samples: Int8Value[][]): Buffer[][] {
  const runner = buildRunner(c.outDir);
  const input = Buffer.concat(samples.flatMap((s) => s.map(bytesOf)));
  const r = spawnSync(runner, [], { input, maxBuffer: 1 << 30, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  if (r.status !== 0) throw new Error(`runner exited ${r.status}: ${r.stderr.toString()}`);
  const sizes = c.quant.outputs.map((id) => {
    const t = tensor(c.quant, id);
    return numel(t.shape) * (t.dtype === 'int8' ? 1 : 4);
  });
  const per = sizes.reduce((a, b) => a + b, 0);
  if (r.stdout.length !== per * samples.length) throw new Error(`runner wrote ${r.stdout.length} bytes, expected ${per * samples.length}`);
  return samples.map((_, s) => {
    let o = s * per;
    return sizes.map((n) => {
      const b = r.stdout.subarray(o, o + n);
      o += n;
      return b;
    });
  });
}
