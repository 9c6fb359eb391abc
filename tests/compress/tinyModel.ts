/**
 * A tiny convolutional classifier and a synthetic, learnable data set for the compression tests: small enough
 * that a training epoch takes milliseconds, but with a Conv2D layer so the wasm filter-gradient kernel runs.
 */
import type * as TF from '@tensorflow/tfjs';
import { makeDataset, type Dataset } from '../../src/compress/dataset';
import { mulberry32 } from '../../src/util/rng';

/** Conv2D(4, 3×3, relu) → Flatten → Dense(16, relu) → Dense(3, softmax) on [6, 6, 1], fixed initial weights. */
export function tinyModel(tf: typeof TF): TF.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: 100 + k });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'fc1', units: 16, activation: 'relu', kernelInitializer: init(2) }));
  m.add(tf.layers.dense({ name: 'fc2', units: 3, activation: 'softmax', kernelInitializer: init(3) }));
  return m;
}

/** `n` random 6×6 images; the label is which third of the image (rows 0–1, 2–3, 4–5) is brightest. */
export function tinyData(n: number, seed = 7): Dataset {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * 36);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = Math.floor(rng() * 3);
    for (let p = 0; p < 36; p++) x[i * 36 + p] = rng() * 0.5 + (Math.floor(p / 12) === cls ? 0.5 : 0);
    y[i] = cls;
  }
  return makeDataset(x, [n, 6, 6, 1], y);
}

/** All trainable weights of a model, concatenated. */
export function flatWeights(model: TF.LayersModel): Float32Array {
  const parts = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
