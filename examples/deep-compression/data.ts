/**
 * Writes the MNIST data of the Deep Compression recipes into a folder: train_x.npy / train_y.npy (the 8,000
 * training digits of the examples' seeded split, examples/mnist/split.ts) and test_x.npy / test_y.npy (copies
 * of the 2,000 held-out digits the example models were evaluated on).
 *
 * Usage, from the repository root:
 *   npx tsc -p examples/tsconfig.json
 *   node build/examples/examples/deep-compression/data.js <folder>
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeNpy } from '../../src/io/npy';
import { repoRoot } from '../common';
import { loadSplit } from '../mnist/split';

/** Writes the four files into `dir` and returns their paths. */
export function writeMnistData(dir: string): { trainX: string; trainY: string; testX: string; testY: string } {
  fs.mkdirSync(dir, { recursive: true });
  const s = loadSplit();
  const out = { trainX: path.join(dir, 'train_x.npy'), trainY: path.join(dir, 'train_y.npy'), testX: path.join(dir, 'test_x.npy'), testY: path.join(dir, 'test_y.npy') };
  writeNpy(out.trainX, s.trainX, [s.trainY.length, 28, 28, 1]);
  writeNpy(out.trainY, s.trainY, [s.trainY.length]);
  const mnist = path.join(repoRoot(), 'examples', 'mnist');
  fs.copyFileSync(path.join(mnist, 'test_x.npy'), out.testX);
  fs.copyFileSync(path.join(mnist, 'test_y.npy'), out.testY);
  return out;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node data.js <folder>');
    process.exit(2);
  }
  const f = writeMnistData(dir);
  console.log(`wrote ${Object.values(f).join(', ')}`);
}
