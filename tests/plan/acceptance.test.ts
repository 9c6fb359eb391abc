/**
 * Issue acceptance figures for the memory planner, measured on the MLPerf-Tiny-shaped zoo models (int8
 * activation sizing) and on DenseNet-style blocks built directly in the IR.
 */
import * as fs from 'fs';
import * as path from 'path';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { fusePreActivation, optimize } from '../../src/passes';
import { planMemory } from '../../src/plan';
import { checkPlacement } from '../../src/plan/check';
import { tempDir } from '../helpers/zooRun';
import { chain200, denseBlock } from './graphs';
import { ZOO } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

const root = tempDir('planacc');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function zooGraph(name: string): Promise<Graph> {
  const tf = await getTf();
  const entry = ZOO.find((e) => e.name === name);
  if (!entry) throw new Error(`no zoo model ${name}`);
  const m = entry.build(tf);
  seedWeights(m, 5);
  await saveModel(m, path.join(root, name));
  return optimize(importModel(path.join(root, name, 'model.json')));
}

describe('MLPerf-Tiny-shaped models, int8 activations', () => {
  // [zoo name, liveness lower bound, TFLM greedy, required arena]
  const cases: [string, number, number, number][] = [
    ['dscnn_kws', 16_000, 16_000, 16_000],
    // Below the LB with in-place depthwise and streaming overlaps: ≤ 0.75 × 55,296.
    ['mobilenet_v1_025', 55_296, 64_512, 0.75 * 55_296],
    ['resnet8', 49_152, 49_152, 49_152],
    ['fc_autoencoder', 768, 768, 768],
  ];
  it.each(cases)('%s: LB %d, TFLM greedy %d, arena ≤ %d, placement valid', async (name, lb, tflm, limit) => {
    const g = await zooGraph(name);
    const plan = planMemory(g, { activations: 'int8' });
    expect(plan.lowerBound).toBe(lb);
    expect(plan.tflmGreedyBytes).toBe(tflm);
    expect(plan.arenaBytes).toBeLessThanOrEqual(limit);
    expect(checkPlacement(plan.problem, plan.placement)).toEqual([]);
    // Plain buffers only (no in-place, views or overlaps): the placement reaches the lower bound.
    const plain = planMemory(g, { activations: 'int8', inPlace: false, reorder: false });
    expect(plain.arenaBytes).toBe(lb);
  }, 60_000);

  it('float32 models get the same treatment (4 bytes per element)', async () => {
    const g = await zooGraph('mobilenet_v1_025');
    const f = planMemory(g);
    expect(f.lowerBound).toBe(4 * 55_296);
    expect(f.tflmGreedyBytes).toBe(4 * 64_512);
    expect(f.arenaBytes).toBeLessThan(f.lowerBound);
  }, 60_000);
});

describe('DenseNet-style block', () => {
  const int8 = { activations: 'int8' as const };
  it('zero-copy concatenation needs at least 30 % less arena than copying', () => {
    const g = denseBlock(false);
    const copying = planMemory(g, { ...int8, zeroCopyConcat: false });
    const zeroCopy = planMemory(g, int8);
    expect(zeroCopy.build.concatViews.size).toBe(4);
    expect(zeroCopy.arenaBytes).toBeLessThanOrEqual(0.7 * copying.arenaBytes);
    expect(checkPlacement(zeroCopy.problem, zeroCopy.placement)).toEqual([]);
  });

  it('with BN-ReLU-Conv units it stays below the plain LB, and pre-activation fusion lowers it again', () => {
    const g = denseBlock(true);
    const plain = planMemory(g, { ...int8, inPlace: false, reorder: false });
    const zeroCopy = planMemory(g, int8);
    const fused = planMemory(fusePreActivation(g), int8);
    expect(zeroCopy.arenaBytes).toBeLessThan(plain.lowerBound);
    expect(fused.arenaBytes).toBeLessThan(zeroCopy.arenaBytes);
    expect(checkPlacement(fused.problem, fused.placement)).toEqual([]);
  });
});

describe('planning time', () => {
  it('plans a 200-op graph in < 2 s', () => {
    const g = chain200();
    expect(g.ops.length).toBeGreaterThanOrEqual(200);
    const t0 = Date.now();
    const plan = planMemory(g, { activations: 'int8' });
    const ms = Date.now() - t0;
    console.log(`200+-op graph (${g.ops.length} ops): planned in ${ms} ms, arena ${plan.arenaBytes} B vs LB ${plan.lowerBound} B`);
    expect(ms).toBeLessThan(2000);
    expect(checkPlacement(plan.problem, plan.placement)).toEqual([]);
  }, 30_000);
});
