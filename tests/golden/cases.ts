/**
 * The golden cases: every zoo model (float32, int8 over the quantization variants, float16/hybrid weights), the
 * four MLPerf Tiny models (raw int8 and float I/O) and the shipped examples. Each case generates a host project
 * and names the input bytes to run it on. The golden test (golden.e2e.test.ts) compares what those projects
 * compute, and the text of their weights.c / model.c, with hashes captured from an earlier build of tinyfit.
 *
 * Layer names of TF.js models come from a per-process counter, so the cases are built in one fixed order
 * (the fixture's), in a test file of their own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { QuantizeGraphOptions } from '../../src/quantize/quantizeGraph';
import { compressWeights } from '../../src/quantize/weightStorage';
import { packageRoot } from '../../src/paths';
import { mulberry32 } from '../helpers/rng';
import { MLPERF_DIR, MLPERF_MODELS } from '../helpers/mlperf';
import { graphInputs, bytesOf } from '../helpers/int8Run';
import { LAYER_CASES, ZOO, ZooEntry, zooInputs } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

/** A generated project and the bytes to feed its runner. */
export interface GoldenProject {
  outDir: string;
  input: Buffer;
}

/** One golden case: a stable id and how to generate it into `root`. */
export interface GoldenCase {
  id: string;
  prepare(root: string): Promise<GoldenProject>;
}

/** The quantization variants cycled over the zoo (as the int8 end-to-end test does). */
const VARIANTS: QuantizeGraphOptions[] = [
  {},
  { rounding: 'single', io: 'int8' },
  { perChannel: false, denseperChannel: true },
  { scheme: 'dfp' },
  { rounding: 'single', perChannel: false },
  { io: 'int8', denseperChannel: true },
];

const cName = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

function bytesOfInputs(g: Graph, samples: Float32Array[][]): Buffer {
  return Buffer.concat(samples.flatMap((s) => graphInputs(g, s).map(bytesOf)));
}

async function importZoo(entry: ZooEntry, root: string, tag: string, seed: number): Promise<Graph> {
  const tf = await getTf();
  const model = entry.build(tf);
  seedWeights(model, seed);
  const dir = path.join(root, tag, 'model');
  await saveModel(model, dir);
  return importModel(path.join(dir, 'model.json'));
}

function generateInto(g: Graph, root: string, tag: string, name: string): string {
  const outDir = path.join(root, tag, 'c');
  generate(g, { target: 'host', outDir, name });
  return outDir;
}

function floatCase(entry: ZooEntry, seed: number): GoldenCase {
  const id = `float/${entry.name}`;
  return {
    id,
    async prepare(root) {
      const g = optimize(await importZoo(entry, root, id, seed));
      const samples = [0, 1].map((k) => zooInputs(entry, seed * 31 + k));
      return { outDir: generateInto(g, root, id, cName(entry.name)), input: bytesOfInputs(g, samples) };
    },
  };
}

function int8Case(entry: ZooEntry, seed: number, opts: QuantizeGraphOptions): GoldenCase {
  const id = `int8/${entry.name}`;
  return {
    id,
    async prepare(root) {
      const float = optimizeForInt8(await importZoo(entry, root, id, seed));
      const calib = Array.from({ length: 4 }, (_, k) => zooInputs(entry, seed * 17 + k));
      const { graph } = quantizeModel(float, calib, opts);
      const samples = [0, 1].map((k) => zooInputs(entry, seed * 101 + k));
      return { outDir: generateInto(graph, root, id, cName(entry.name)), input: bytesOfInputs(graph, samples) };
    },
  };
}

function weightFormatCase(entry: ZooEntry, seed: number, format: 'float16' | 'hybrid'): GoldenCase {
  const id = `${format}/${entry.name}`;
  return {
    id,
    async prepare(root) {
      const g = compressWeights(optimize(await importZoo(entry, root, id, seed)), format);
      const samples = [0, 1].map((k) => zooInputs(entry, seed * 7 + k));
      return { outDir: generateInto(g, root, id, cName(entry.name)), input: bytesOfInputs(g, samples) };
    },
  };
}

function mlperfCase(file: string, io: 'int8' | 'float'): GoldenCase {
  const id = `mlperf-${io}/${file}`;
  return {
    id,
    async prepare(root) {
      const g = optimize(importModel(path.join(MLPERF_DIR, file)));
      setIo(g, io);
      const rand = mulberry32(file.length + 3);
      const input = Buffer.concat(
        [0, 1].flatMap(() =>
          g.inputs.map((id) => {
            const t = tensor(g, id);
            const n = numel(t.shape);
            return t.dtype === 'int8'
              ? bytesOf(Int8Array.from({ length: n }, () => Math.floor(rand() * 256) - 128))
              : bytesOf(Float32Array.from({ length: n }, () => rand() * 2 - 1));
          }),
        ),
      );
      return { outDir: generateInto(g, root, id, 'model'), input };
    },
  };
}

function exampleCase(rel: string, quantize: boolean): GoldenCase {
  const id = `example${quantize ? '-int8' : ''}/${rel}`;
  return {
    id,
    async prepare(root) {
      const imported = importModel(path.join(packageRoot(), 'examples', rel));
      const shape = tensor(imported, imported.inputs[0]).shape;
      const n = numel(shape);
      const rand = mulberry32(n);
      const sample = (): Float32Array[] => [Float32Array.from({ length: n }, () => rand())];
      let g: Graph;
      if (quantize) g = quantizeModel(optimizeForInt8(imported), [sample(), sample(), sample()]).graph;
      else g = optimize(imported);
      return { outDir: generateInto(g, root, id, 'model'), input: bytesOfInputs(g, [sample(), sample()]) };
    },
  };
}

/** Every golden case, in the order the fixture was captured. */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  [...ZOO, ...LAYER_CASES].forEach((e, i) => cases.push(floatCase(e, 100 + i)));
  [...ZOO, ...LAYER_CASES].forEach((e, i) => cases.push(int8Case(e, 300 + i, VARIANTS[i % VARIANTS.length])));
  ZOO.forEach((e, i) => cases.push(weightFormatCase(e, 900 + i, i % 2 === 0 ? 'float16' : 'hybrid')));
  for (const [file] of MLPERF_MODELS) for (const io of ['int8', 'float'] as const) cases.push(mlperfCase(file, io));
  for (const rel of ['sine/model.json', 'mnist/lenet5/model.json', 'mnist/dsconv/model.json', 'mnist/mlp/model.json']) {
    cases.push(exampleCase(rel, false), exampleCase(rel, true));
  }
  const ids = new Set(cases.map((c) => c.id));
  if (ids.size !== cases.length) throw new Error('golden case ids collide');
  return cases;
}

/** Text of a generated file without its banner (the first comment block: it names the tool version). */
export function withoutBanner(text: string): string {
  return text.replace(/^\/\*[\s\S]*?\*\/\n/, '');
}

/** True when a generated project folder exists with its manifest. */
export function isProject(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'tinyfit.json'));
}
