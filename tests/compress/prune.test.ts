import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getTrainingTf } from '../../src/compress/train';
import { evaluateAccuracy } from '../../src/compress/evaluate';
import { magnitudeMask, prunableWeights } from '../../src/compress/magnitude';
import { maskSparsity, readMasks, trainableVariables, writeMasks } from '../../src/compress/masks';
import { pruneAndFineTune, pruneOneShot } from '../../src/compress/prune';
import { polynomialDecaySparsity } from '../../src/compress/schedule';
import { chooseSparsities, formatSensitivityTable, sensitivityAnalysis } from '../../src/compress/sensitivity';
import { flatWeights, tinyData, tinyModel } from './tinyModel';
import { mnistModel, mnistTest, mnistTrain } from './mnistData';

describe('polynomial-decay sparsity schedule', () => {
  const s = { initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 100, endStep: 200 };
  it('follows s_f + (s_i − s_f)(1 − (t − t0)/(t1 − t0))^3 and holds outside the ramp', () => {
    expect(polynomialDecaySparsity(0, s)).toBeCloseTo(0.1, 12);
    expect(polynomialDecaySparsity(100, s)).toBeCloseTo(0.1, 12);
    expect(polynomialDecaySparsity(150, s)).toBeCloseTo(0.9 - 0.8 * 0.125, 12); // 0.8
    expect(polynomialDecaySparsity(175, s)).toBeCloseTo(0.9 - 0.8 * 0.25 ** 3, 12);
    expect(polynomialDecaySparsity(200, s)).toBeCloseTo(0.9, 12);
    expect(polynomialDecaySparsity(1000, s)).toBeCloseTo(0.9, 12);
    expect(polynomialDecaySparsity(150, { ...s, power: 1 })).toBeCloseTo(0.5, 12);
  });
});

describe('magnitude pruning', () => {
  it('masks the smallest magnitudes, deterministically on ties', () => {
    expect(Array.from(magnitudeMask([0.5, -0.1, 0.3, -0.9, 0.2], 0.4))).toEqual([1, 0, 1, 1, 0]);
    expect(Array.from(magnitudeMask([1, -1, 1, -1], 0.5))).toEqual([0, 0, 1, 1]);
    expect(Array.from(magnitudeMask([1, 2], 0))).toEqual([1, 1]);
  });

  it('prunes gradually while fine-tuning, reaches the target and keeps zeros fixed; masks round-trip', async () => {
    const tf = await getTrainingTf();
    const data = tinyData(96);
    const m = tinyModel(tf);
    expect(prunableWeights(m)).toEqual(['conv/kernel', 'fc1/kernel', 'fc2/kernel']);
    const r = await pruneAndFineTune(m, data, { sparsity: { 'fc1/kernel': 0.8, 'conv/kernel': 0.5 }, epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 2 });
    const vars = trainableVariables(m);
    for (const [name, s] of [['fc1/kernel', 0.8], ['conv/kernel', 0.5]] as const) {
      const w = vars.get(name)!.dataSync();
      const mask = r.masks.get(name)!;
      expect(mask.filter((v) => v === 0).length).toBe(Math.round(s * w.length));
      for (let i = 0; i < w.length; i++) expect(mask[i] === 0 ? w[i] === 0 : w[i] !== 0).toBe(true);
    }
    expect(vars.get('fc2/kernel')!.dataSync().every((v) => v !== 0)).toBe(true);
    expect(evaluateAccuracy(tf, m, data)).toBeGreaterThan(0.8);
    // same seed → same pruned weights
    const m2 = tinyModel(tf);
    await pruneAndFineTune(m2, data, { sparsity: { 'fc1/kernel': 0.8, 'conv/kernel': 0.5 }, epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 2 });
    expect(Buffer.from(flatWeights(m2).buffer).equals(Buffer.from(flatWeights(m).buffer))).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-masks-'));
    try {
      writeMasks(dir, r.masks);
      const back = readMasks(dir);
      expect([...back.keys()]).toEqual([...r.masks.keys()]);
      for (const [k, v] of r.masks) expect(Array.from(back.get(k)!)).toEqual(Array.from(v));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resumed pruning equals uninterrupted pruning', async () => {
    const tf = await getTrainingTf();
    const data = tinyData(96);
    const opts = { sparsity: 0.7, epochs: 4, batchSize: 16, learningRate: 1e-2, seed: 9 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-prune-ck-'));
    try {
      // a run interrupted after epoch 2 of 4 (step 12 of 24: inside the ramp, which ends at step 17, between the mask updates at steps 10 and 15)
      await pruneAndFineTune(tinyModel(tf), data, { ...opts, epochs: 2, checkpointDir: dir, endStep: 17, frequency: 5 });
      const resumed = tinyModel(tf);
      await pruneAndFineTune(resumed, data, { ...opts, checkpointDir: dir, resume: true, endStep: 17, frequency: 5 });
      const ref = tinyModel(tf);
      await pruneAndFineTune(ref, data, { ...opts, endStep: 17, frequency: 5 });
      expect(Buffer.from(flatWeights(resumed).buffer).equals(Buffer.from(flatWeights(ref).buffer))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sensitivity analysis: one row per (weight, sparsity), model restored, sparsities chosen within a budget', async () => {
    const tf = await getTrainingTf();
    const data = tinyData(64);
    const m = tinyModel(tf);
    const before = flatWeights(m);
    const t = sensitivityAnalysis(tf, m, data, { sparsities: [0.9, 0.5] });
    expect(t.sparsities).toEqual([0.5, 0.9]);
    expect(t.rows.map((r) => `${r.weight}@${r.sparsity}`)).toEqual(['conv/kernel@0.5', 'conv/kernel@0.9', 'fc1/kernel@0.5', 'fc1/kernel@0.9', 'fc2/kernel@0.5', 'fc2/kernel@0.9']);
    expect(t.rows[0].size).toBe(36);
    for (const r of t.rows) expect(r.drop).toBeCloseTo(t.baselineAccuracy - r.accuracy, 12);
    expect(Buffer.from(flatWeights(m).buffer).equals(Buffer.from(before.buffer))).toBe(true);
    expect(formatSensitivityTable(t).split('\n')).toHaveLength(2 + 3);
    const fake = {
      baselineAccuracy: 0.9,
      sparsities: [0.5, 0.8, 0.9],
      rows: [
        { weight: 'a', size: 1, sparsity: 0.5, accuracy: 0.9, drop: 0 },
        { weight: 'a', size: 1, sparsity: 0.8, accuracy: 0.89, drop: 0.01 },
        { weight: 'a', size: 1, sparsity: 0.9, accuracy: 0.9, drop: 0 },
        { weight: 'b', size: 1, sparsity: 0.5, accuracy: 0.5, drop: 0.4 },
        { weight: 'b', size: 1, sparsity: 0.8, accuracy: 0.9, drop: 0 },
        { weight: 'b', size: 1, sparsity: 0.9, accuracy: 0.9, drop: 0 },
      ],
    };
    // a: 0.8 exceeds the budget, so 0.9 (noise) is not taken either; b: even 0.5 exceeds it
    expect(chooseSparsities(fake, 0.005)).toEqual({ a: 0.5, b: 0 });
    expect(chooseSparsities(fake, 0.02)).toEqual({ a: 0.9, b: 0 });
  });
});

describe('pruning the MNIST MLP (LeNet-300-100) to over 90 % sparsity', () => {
  it('keeps test accuracy within 4 points of the float baseline after fine-tuning on 1,000 digits', async () => {
    const tf = await getTrainingTf();
    const train = mnistTrain(1000);
    const test = mnistTest();
    const oneShotModel = await mnistModel(tf, 'mlp');
    const baseline = evaluateAccuracy(tf, oneShotModel, test);
    // Per-layer sparsities follow the layers' sensitivity (fc1 is the least sensitive, the 1,000-weight
    // output layer the most), as Deep Compression's LeNet-300-100 (8 % / 9 % / 26 % of weights kept).
    const sparsity = { 'fc1/kernel': 0.93, 'fc2/kernel': 0.85, 'fc3/kernel': 0.6 };
    await pruneOneShot(oneShotModel, sparsity);
    const oneShot = evaluateAccuracy(tf, oneShotModel, test);
    const m = await mnistModel(tf, 'mlp');
    const r = await pruneAndFineTune(m, train, { sparsity, epochs: 6, batchSize: 32, learningRate: 3e-4, seed: 1 });
    const pruned = evaluateAccuracy(tf, m, test);
    let zeros = 0;
    let total = 0;
    for (const [name, v] of trainableVariables(m)) {
      if (!name.endsWith('kernel')) continue;
      const w = v.dataSync();
      total += w.length;
      for (let i = 0; i < w.length; i++) if (w[i] === 0) zeros++;
    }
    expect(zeros / total).toBeGreaterThan(0.9);
    expect(maskSparsity(r.masks)).toBeCloseTo(zeros / total, 6);
    console.log(
      `LeNet-300-100: kernel sparsity ${((zeros / total) * 100).toFixed(2)} %, test accuracy baseline ${(baseline * 100).toFixed(2)} %, ` +
        `one-shot ${(oneShot * 100).toFixed(2)} %, after gradual pruning + fine-tuning ${(pruned * 100).toFixed(2)} % (${r.train.seconds.toFixed(1)} s)`,
    );
    expect(baseline).toBeCloseTo(0.9715, 4);
    // Measured 95.55 % (wasm). Fine-tuning sees 1,000 digits for 6 epochs (Deep Compression retrains on 60,000
    // for many), so a drop of ~1.6 points is expected; 93.15 % is 2.4 points (≈ 5 standard errors on 2,000
    // digits) below the measurement, while one-shot pruning to the same masks scores ~81 %: the test fails if
    // fine-tuning or the masks stop working.
    expect(pruned).toBeGreaterThan(baseline - 0.04);
    expect(pruned).toBeGreaterThan(oneShot + 0.1);
  });
});
