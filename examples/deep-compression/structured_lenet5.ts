/**
 * Structured pruning of examples/mnist/lenet5 (issue 14's "halve LeNet-5's MACs with a drop ≤ 0.5 points"):
 * removes whole filters/units to the recipe's MAC target, fine-tunes on all 8,000 training digits (the seeded
 * split of examples/mnist/split.ts, ±1 px shifts), then measures on the 2,000 test digits: TF.js float accuracy,
 * and tinyfit's post-training int8 (min-max calibration on examples/mnist/calib_x.npy, the int8 reference
 * runInt8) — for the original model and the pruned one, with MACs, parameters and the planned arena.
 *
 *   npx tsc -p examples/tsconfig.json
 *   nice -n 5 node build/examples/examples/deep-compression/structured_lenet5.js [--recipe=FILE] [--out=DIR] [--json=FILE] [--epochs=N] [--control]
 *
 * `--control` runs the same fine-tuning without removing anything (what the extra training alone gives).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { loadNpyDataset, makeDataset } from '../../src/compress/dataset';
import { evaluateAccuracy } from '../../src/compress/evaluate';
import { graphMacs } from '../../src/compress/structured';
import { readRecipe } from '../../src/compress/recipeFile';
import { structuredPrune, type StructuredPruneOptions } from '../../src/compress/structuredTf';
import { layersModelToGraph, saveLayersModel } from '../../src/compress/tfModelIo';
import { getTrainingTf } from '../../src/compress/train';
import { readNpy } from '../../src/io/npy';
import { graphStats } from '../../src/ir/stats';
import { planMemory } from '../../src/plan';
import { evaluateQuantized } from '../../src/quantize/evaluate';
import { optimizeForInt8, quantizeModel } from '../../src/quantize/pipeline';
import { fmtSeconds, loadLayersModelFromDir, repoRoot } from '../common';
import { loadSplit } from '../mnist/split';

const MNIST = path.join(repoRoot(), 'examples', 'mnist');

function arg(name: string): string | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a?.slice(name.length + 3);
}

/** Float (TF.js) and int8 (tinyfit reference) accuracy, MACs, parameters and arena of a model. */
async function measure(tf: typeof TF, model: TF.LayersModel, calib: Float32Array[][], testX: Float32Array[][], testY: ArrayLike<number>) {
  const g = await layersModelToGraph(tf, model);
  const float = optimizeForInt8(g);
  const { graph: quant } = quantizeModel(float, calib);
  const rep = evaluateQuantized(float, quant, testX, testY);
  return {
    macs: graphMacs(g),
    params: graphStats(g).reduce((s, o) => s + o.params, 0),
    arenaBytes: planMemory(quant).arenaBytes,
    accuracyIrFloat: rep.accuracyFloat!,
    accuracyInt8: rep.accuracyQuantized!,
    int8Top1Agreement: rep.top1Agreement,
  };
}

async function main(): Promise<void> {
  const recipeFile = arg('recipe') ?? path.join(repoRoot(), 'examples', 'deep-compression', 'lenet-5-structured.recipe.json');
  // a compression recipe (src/compress/recipeFile.ts) with a structured stage
  const recipe = readRecipe(recipeFile);
  const { lr, ...st } = recipe.structured ?? {};
  const opts: StructuredPruneOptions = { ...st, learningRate: lr, batchSize: recipe.batchSize, augmentShift: recipe.augmentShift, seed: recipe.seed };
  if (arg('epochs')) opts.epochs = Number(arg('epochs'));
  if (process.argv.includes('--control')) {
    // the same fine-tuning with nothing removed: how much of the result is the extra training alone
    delete opts.macFraction;
    opts.layers = {};
  }
  const tf = await getTrainingTf();
  const split = loadSplit();
  const train = makeDataset(split.trainX, [split.trainY.length, 28, 28, 1], split.trainY);
  const test = loadNpyDataset(path.join(MNIST, 'test_x.npy'), path.join(MNIST, 'test_y.npy'));
  const calibNpy = readNpy(path.join(MNIST, 'calib_x.npy'));
  const per = 28 * 28;
  const calib = Array.from({ length: calibNpy.shape[0] }, (_, i) => [(calibNpy.data as Float32Array).slice(i * per, (i + 1) * per)]);
  const testX = Array.from({ length: test.count }, (_, i) => [test.x.slice(i * per, (i + 1) * per)]);

  const model = await loadLayersModelFromDir(tf, path.join(MNIST, 'lenet5'));
  console.log(`recipe ${path.relative(process.cwd(), recipeFile)}: ${JSON.stringify(opts)}`);
  let lastEpoch = '';
  const r = await structuredPrune(model, { train, test }, {
    ...opts,
    onProgress: (p) => {
      const key = `${p.step}/${p.epoch}`;
      if (p.batch === p.batches && key !== lastEpoch) {
        lastEpoch = key;
        console.log(`  step ${p.step}/${p.steps} epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}, train acc ${(p.accuracy * 100).toFixed(2)} %, ${fmtSeconds(p.elapsedSeconds)}`);
      }
    },
  });
  for (const s of r.steps) {
    console.log(`step ${s.step}: kept ${JSON.stringify(s.kept)}, MACs ${s.macs}, test acc after removal ${((s.accuracyPruned ?? 0) * 100).toFixed(2)} % → after fine-tuning ${((s.accuracy ?? 0) * 100).toFixed(2)} % (${fmtSeconds(s.seconds)})`);
  }
  const before = await measure(tf, model, calib, testX, test.labels);
  const after = await measure(tf, r.model, calib, testX, test.labels);
  const summary = {
    recipe: opts,
    kept: r.steps[r.steps.length - 1].kept,
    removed: r.removed,
    before: { ...before, accuracyFloat: r.accuracyBefore },
    after: { ...after, accuracyFloat: evaluateAccuracy(tf, r.model, test) },
    macRatio: r.macsAfter / r.macsBefore,
    pruneSeconds: r.seconds,
    backend: tf.getBackend(),
  };
  console.log(JSON.stringify(summary, null, 2));
  const out = arg('out');
  if (out) await saveLayersModel(tf, r.model, out);
  const json = arg('json');
  if (json) fs.writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
