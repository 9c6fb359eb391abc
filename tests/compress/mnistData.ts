/**
 * MNIST slices for the compression tests: training digits from the examples' seeded split of the `mnist`
 * package, test digits from examples/mnist/test_x.npy / test_y.npy (the digits the shipped models were
 * evaluated on), and the example models.
 */
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { loadNpyDataset, makeDataset, sliceDataset, type Dataset } from '../../src/compress/dataset';
import { loadLayersModelFromDir, repoRoot } from '../../examples/common';
import { loadSplit } from '../../examples/mnist/split';

const MNIST = path.join(repoRoot(), 'examples', 'mnist');

/** The first `n` of the 8,000 training digits. */
export function mnistTrain(n: number): Dataset {
  const s = loadSplit();
  return sliceDataset(makeDataset(s.trainX, [s.trainY.length, 28, 28, 1], s.trainY), 0, n);
}

/** The first `n` of the 2,000 held-out test digits. */
export function mnistTest(n = 2000): Dataset {
  return sliceDataset(loadNpyDataset(path.join(MNIST, 'test_x.npy'), path.join(MNIST, 'test_y.npy')), 0, n);
}

/** Loads examples/mnist/<name>. */
export function mnistModel(tf: typeof TF, name: 'mlp' | 'lenet5'): Promise<TF.LayersModel> {
  return loadLayersModelFromDir(tf, path.join(MNIST, name));
}
