/**
 * Seed models of the model mutation fuzz: every zoo model (ZOO and LAYER_CASES of tests/zoo/models.ts), built with
 * TF.js Layers, given seeded weights and saved by saveModel. One in five is saved with uint8, one with uint16 and
 * one with float16 weight quantization, one in three with several manifest groups and small shards, so that
 * manifest mutations meet every layout the converter writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { getTf } from '../../src/engine';
import { LAYER_CASES, ZOO, ZooEntry } from '../zoo/models';
import { saveModel, SaveModelOptions, seedWeights } from '../zoo/save';
import { loadSeed, SeedModel } from './mutate';

/** How seed `i` is saved. */
function saveOptions(i: number): SaveModelOptions {
  const quantize = (['uint8', 'uint16', 'float16', undefined, undefined] as const)[i % 5];
  return i % 3 === 2 ? { quantize, groups: 2, shardBytes: 4096 } : { quantize };
}

/** Builds, seeds and saves every zoo model under `dir` and loads them back as fuzz seeds. */
export async function prepareSeeds(dir: string, entries: ZooEntry[] = [...ZOO, ...LAYER_CASES]): Promise<SeedModel[]> {
  const tf = await getTf();
  const seeds: SeedModel[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const modelDir = path.join(dir, e.name);
    const model = e.build(tf);
    seedWeights(model, 1000 + i);
    fs.rmSync(modelDir, { recursive: true, force: true });
    await saveModel(model, modelDir, saveOptions(i));
    model.dispose();
    seeds.push(loadSeed(e.name, modelDir));
  }
  return seeds;
}

/** Total weight bytes of a seed (a proxy for its cost: weights.c size, compile time). */
export function seedBytes(s: SeedModel): number {
  return Object.values(s.files).reduce((a, b) => a + b.length, 0);
}
