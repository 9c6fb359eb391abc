/**
 * Trains the TFLM "hello world" sine model: y ≈ sin(x) for x in [0, 2π), Dense(16, relu) → Dense(16, relu) →
 * Dense(1), and writes examples/sine/{model.json, weights.bin, input.bin, README.md}.
 *
 * Build and run from the repository root:
 *   npx tsc -p examples/tsconfig.json && node build/examples/examples/sine/train.js
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { fmtSeconds, gaussian, loadLayersModelFromDir, mulberry32, permutation, repoRoot, saveLayersModel } from '../common';

const SEED = 20240601;
const SAMPLES = 1000;
const NOISE_STD = 0.1; // as in the TFLM hello_world notebook
const EPOCHS = 600;
const BATCH = 32;
const LEARNING_RATE = 0.005;
const FINE_TUNE_EPOCHS = 200; // the last epochs run at a tenth of the learning rate to settle the fit
const FINE_TUNE_LEARNING_RATE = LEARNING_RATE / 10;
const TARGET_MSE = 0.01;
const PROBE_X = 1.5;

async function main(): Promise<void> {
  const tf = await getTf();
  const outDir = path.join(repoRoot(), 'examples', 'sine');
  console.log(`sine: TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}, out ${outDir}`);

  // Data: a seeded PRNG, not tf.random*, so the samples are identical on every backend.
  const rng = mulberry32(SEED);
  const xs = new Float32Array(SAMPLES);
  const ys = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    xs[i] = rng() * 2 * Math.PI;
    ys[i] = Math.sin(xs[i]) + NOISE_STD * gaussian(rng);
  }

  const init = (k: number) => tf.initializers.glorotUniform({ seed: SEED + k });
  const model = tf.sequential({ name: 'sine' });
  model.add(tf.layers.dense({ name: 'dense_1', inputShape: [1], units: 16, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 16, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ name: 'dense_3', units: 1, kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'meanSquaredError' });
  model.summary();

  // Clean evaluation grid: 1000 evenly spaced points over [0, 2π).
  const grid = Float32Array.from({ length: 1000 }, (_, i) => (i * 2 * Math.PI) / 1000);
  const gridX = tf.tensor2d(grid, [grid.length, 1]);
  const gridY = tf.tensor2d(grid.map(Math.sin), [grid.length, 1]);
  const cleanMse = (): number => tf.tidy(() => (model.evaluate(gridX, gridY) as TF.Scalar).dataSync()[0]);

  // Shuffle with the seeded PRNG each epoch (fit's own shuffle uses Math.random).
  const shuffleRng = mulberry32(SEED + 100);
  const t0 = Date.now();
  let trainLoss = NaN;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    if (epoch === EPOCHS - FINE_TUNE_EPOCHS + 1) {
      model.compile({ optimizer: tf.train.adam(FINE_TUNE_LEARNING_RATE), loss: 'meanSquaredError' });
    }
    const p = permutation(SAMPLES, shuffleRng);
    const x = tf.tensor2d(Array.from(p, (i) => xs[i]), [SAMPLES, 1]);
    const y = tf.tensor2d(Array.from(p, (i) => ys[i]), [SAMPLES, 1]);
    const h = await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
    trainLoss = h.history.loss[0] as number;
    if (epoch % 50 === 0 || epoch === 1) {
      console.log(`epoch ${String(epoch).padStart(4)}  train mse (noisy) ${trainLoss.toFixed(5)}  clean-sin mse ${cleanMse().toFixed(5)}`);
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  const finalClean = cleanMse();
  console.log(`trained in ${fmtSeconds(seconds)}; clean-sin mse ${finalClean.toFixed(5)}`);
  if (!(finalClean < TARGET_MSE)) throw new Error(`clean-sin MSE ${finalClean} is not below ${TARGET_MSE}`);

  const weightBytes = await saveLayersModel(tf, model, outDir);
  fs.writeFileSync(path.join(outDir, 'input.bin'), Buffer.from(Float32Array.from([PROBE_X]).buffer));

  // Round-trip check: the saved files reproduce the trained model's output exactly.
  const reloaded = await loadLayersModelFromDir(tf, outDir);
  const probe = tf.tensor2d([PROBE_X], [1, 1]);
  const yTrained = (model.predict(probe) as TF.Tensor).dataSync()[0];
  const yLoaded = (reloaded.predict(probe) as TF.Tensor).dataSync()[0];
  if (yTrained !== yLoaded) throw new Error(`reloaded model disagrees: ${yLoaded} vs ${yTrained}`);
  console.log(`f(${PROBE_X}) = ${yTrained.toFixed(6)} (sin = ${Math.sin(PROBE_X).toFixed(6)})`);

  const readme = `# sine — the TFLM "hello world" model

A tiny regression network that approximates \`y = sin(x)\` for \`x\` in [0, 2π). It is the classic
TensorFlow Lite for Microcontrollers hello-world model, retrained here with TF.js so the example is
reproducible from this repository.

| file | contents |
| --- | --- |
| \`model.json\` + \`weights.bin\` | TF.js Layers model (${weightBytes} bytes of float32 weights) |
| \`input.bin\` | one float32 little-endian input, x = ${PROBE_X} (the model has one input of shape [1]) |
| \`train.ts\` | the training script |

## Model

\`Dense(16, relu) → Dense(16, relu) → Dense(1)\`, input shape [1], output shape [1]; 321 parameters.

## Training

- Data: ${SAMPLES} samples, x uniform in [0, 2π), y = sin(x) + N(0, ${NOISE_STD}²) noise, drawn from a seeded
  PRNG (mulberry32, seed ${SEED}) so the data are identical on every machine.
- Glorot-uniform kernels with fixed seeds, zero biases; MSE loss, ${EPOCHS} epochs, batch size ${BATCH},
  examples reshuffled every epoch with a seeded PRNG. Adam at learning rate ${LEARNING_RATE} for the first
  ${EPOCHS - FINE_TUNE_EPOCHS} epochs, then a fresh Adam at ${FINE_TUNE_LEARNING_RATE} for the last ${FINE_TUNE_EPOCHS}.
- TF.js ${tf.version.tfjs}, \`${tf.getBackend()}\` backend; training took ${fmtSeconds(seconds)}.
  Retraining reproduces the data and the initial weights exactly; two runs on the wasm backend produced
  byte-identical \`weights.bin\` files. On another backend the final weights can differ in the last bits.

## Result

- MSE against clean sin(x) on 1000 evenly spaced points in [0, 2π): **${finalClean.toFixed(5)}** (target < ${TARGET_MSE}).
- MSE on the noisy training data at the last epoch: ${trainLoss.toFixed(5)} (the noise alone contributes ≈ ${(NOISE_STD * NOISE_STD).toFixed(2)}).
- Output for \`input.bin\` (x = ${PROBE_X}): ${yTrained.toFixed(6)}; sin(${PROBE_X}) = ${Math.sin(PROBE_X).toFixed(6)}.

## Retrain

From the repository root:

\`\`\`sh
npx tsc -p examples/tsconfig.json && node build/examples/examples/sine/train.js
\`\`\`
`;
  fs.writeFileSync(path.join(outDir, 'README.md'), readme);
  console.log(`wrote ${outDir}/{model.json, weights.bin, input.bin, README.md}`);
}


main().catch((e) => {
  console.error(e);
  process.exit(1);
});
