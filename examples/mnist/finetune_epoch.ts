/**
 * Measures one fine-tuning epoch of an MNIST example model over the 8,000 training digits with the library's
 * training engine (src/compress/train.ts) on the best backend that loads, then prints the time and accuracy.
 *
 *   npx tsc -p examples/tsconfig.json && node build/examples/examples/mnist/finetune_epoch.js [lenet5|mlp] [--batch=N]
 */
import * as path from 'path';
import { fineTune, getTrainingTf } from '../../src/compress/train';
import { makeDataset } from '../../src/compress/dataset';
import { evaluateAccuracy } from '../../src/compress/evaluate';
import { loadLayersModelFromDir, repoRoot } from '../common';
import { loadSplit } from './split';

async function main(): Promise<void> {
  const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'lenet5';
  const batchArg = process.argv.find((a) => a.startsWith('--batch='));
  const batchSize = batchArg ? Number(batchArg.slice(8)) : 32;
  const tf = await getTrainingTf();
  const split = loadSplit();
  const train = makeDataset(split.trainX, [split.trainY.length, 28, 28, 1], split.trainY);
  const test = makeDataset(split.testX, [split.testY.length, 28, 28, 1], split.testY);
  const model = await loadLayersModelFromDir(tf, path.join(repoRoot(), 'examples', 'mnist', name));
  const before = evaluateAccuracy(tf, model, test);
  let last = 0;
  const r = await fineTune(model, train, {
    epochs: 1,
    batchSize,
    learningRate: 1e-4,
    seed: 1,
    onProgress: (p) => {
      if (p.batch === p.batches || Date.now() - last > 5000) {
        last = Date.now();
        console.log(`batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${(p.accuracy * 100).toFixed(2)}% elapsed ${p.elapsedSeconds.toFixed(1)}s eta ${p.etaSeconds.toFixed(1)}s`);
      }
    },
  });
  const after = evaluateAccuracy(tf, model, test);
  console.log(
    `${name}: backend ${r.backend}, 1 epoch over ${train.count} digits (batch ${batchSize}) in ${r.seconds.toFixed(1)} s; ` +
      `test accuracy ${(before * 100).toFixed(2)}% → ${(after * 100).toFixed(2)}%`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
