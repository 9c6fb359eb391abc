/** Shared end-to-end path: TF.js model → saved files → import → optimize → generate → compile → run. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { generate, GenerateResult } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { saveModel, SaveModelOptions, seedWeights } from '../zoo/save';
import { ZooEntry, zooInputs } from '../zoo/models';
import { buildRunner, runRunner } from './cproject';

/** A fresh temp folder (removed by the caller's afterAll via rmTemp). */
export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tinyfit-${tag}-`));
}

/** Everything a test needs to compare the generated C with TF.js. */
export interface ZooRun {
  model: TF.LayersModel;
  graph: Graph;
  result: GenerateResult;
  outDir: string;
  samples: Float32Array[][];
  /** TF.js predict outputs per sample. */
  expected: Float32Array[][];
}

/** Builds, seeds, saves, imports, generates and predicts one zoo entry; leaves compiling to the caller. */
export async function prepareZoo(entry: ZooEntry, root: string, seed: number, nSamples = 2, save: SaveModelOptions = {}): Promise<ZooRun> {
  const tf = await getTf();
  const model = entry.build(tf);
  seedWeights(model, seed);
  const modelDir = path.join(root, entry.name, 'model');
  await saveModel(model, modelDir, save);
  const graph = optimize(importModel(path.join(modelDir, 'model.json')));
  const outDir = path.join(root, entry.name, 'c');
  const result = generate(graph, { target: 'host', outDir, name: entry.name.replace(/[^A-Za-z0-9_]/g, '_') });
  const samples = Array.from({ length: nSamples }, (_, i) => zooInputs(entry, seed * 31 + i));
  const expected = samples.map((s) =>
    tf.tidy(() => {
      const ins = s.map((x, i) => tf.tensor(x, [1, ...entry.inputShapes[i]]));
      const out = model.predict(ins.length === 1 ? ins[0] : ins);
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    }),
  );
  return { model, graph, result, outDir, samples, expected };
}

/** Compiles (gcc + sanitizers) and runs a prepared zoo model; returns outputs per sample. */
export function runZooC(run: ZooRun): Float32Array[][] {
  const runner = buildRunner(run.outDir);
  return runRunner(runner, run.samples, run.result.outputs.map((o) => o.bytes / 4));
}
