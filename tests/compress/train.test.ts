import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fineTune, getTrainingTf, type TrainProgress } from '../../src/compress/train';
import { loadNpyDataset } from '../../src/compress/dataset';
import { evaluateAccuracy } from '../../src/compress/evaluate';
import { writeNpy } from '../../src/io/npy';
import { flatWeights, tinyData, tinyModel } from './tinyModel';

describe('fine-tuning engine', () => {
  const data = tinyData(96);
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-train-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('learns, reports progress per batch and is deterministic with a seed', async () => {
    const tf = await getTrainingTf();
    expect(['wasm', 'cpu', 'tensorflow']).toContain(tf.getBackend());
    const run = async (seed: number, progress?: TrainProgress[]) => {
      const m = tinyModel(tf);
      const before = evaluateAccuracy(tf, m, data);
      const r = await fineTune(m, data, { epochs: 4, batchSize: 16, learningRate: 1e-2, seed, onProgress: (p) => progress?.push(p) });
      return { w: flatWeights(m), before, after: evaluateAccuracy(tf, m, data), r };
    };
    const progress: TrainProgress[] = [];
    const a = await run(5, progress);
    const b = await run(5);
    const c = await run(6);
    expect(Buffer.from(a.w.buffer).equals(Buffer.from(b.w.buffer))).toBe(true);
    expect(Buffer.from(a.w.buffer).equals(Buffer.from(c.w.buffer))).toBe(false);
    expect(a.after).toBeGreaterThan(Math.max(a.before, 0.8));
    expect(a.r.epochs[3].loss).toBeLessThan(a.r.epochs[0].loss);
    expect(progress).toHaveLength(4 * 6);
    expect(progress[5]).toMatchObject({ epoch: 1, epochs: 4, batch: 6, batches: 6 });
    expect(progress[23].etaSeconds).toBe(0);
    for (const p of progress) {
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(p.loss)).toBe(true);
    }
  });

  it('resuming from a checkpoint equals uninterrupted training', async () => {
    const tf = await getTrainingTf();
    const opts = { batchSize: 16, learningRate: 1e-2, seed: 3 };
    const full = tinyModel(tf);
    await fineTune(full, data, { ...opts, epochs: 4 });
    const ckDir = path.join(dir, 'ck');
    const first = tinyModel(tf);
    await fineTune(first, data, { ...opts, epochs: 2, checkpointDir: ckDir });
    expect(fs.existsSync(path.join(ckDir, 'epoch-1', 'state.json'))).toBe(true);
    expect(fs.existsSync(path.join(ckDir, 'epoch-2', 'weights.bin'))).toBe(true);
    const resumed = tinyModel(tf); // fresh initial weights: everything must come from the checkpoint
    const r = await fineTune(resumed, data, { ...opts, epochs: 4, checkpointDir: ckDir, resume: true });
    expect(r.startEpoch).toBe(2);
    expect(r.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    expect(Buffer.from(flatWeights(resumed).buffer).equals(Buffer.from(flatWeights(full).buffer))).toBe(true);
    // a checkpoint of another run configuration is refused
    await expect(fineTune(tinyModel(tf), data, { ...opts, seed: 4, epochs: 4, checkpointDir: ckDir, resume: true })).rejects.toThrow(/seed/);
  });

  it('keeps masked weights exactly 0 through fine-tuning', async () => {
    const tf = await getTrainingTf();
    const m = tinyModel(tf);
    const kernel = m.getLayer('fc1').getWeights()[0];
    const mask = Float32Array.from({ length: kernel.size }, (_, i) => (i % 3 === 0 ? 1 : 0));
    await fineTune(m, data, { epochs: 2, batchSize: 16, learningRate: 1e-2, masks: new Map([['fc1/kernel', mask]]) });
    const w = m.getLayer('fc1').getWeights()[0].dataSync();
    let zeros = 0;
    let kept = 0;
    for (let i = 0; i < w.length; i++) {
      if (mask[i] === 0) zeros += w[i] === 0 ? 1 : 0;
      else kept += w[i] !== 0 ? 1 : 0;
    }
    expect(zeros).toBe(mask.filter((v) => v === 0).length);
    expect(kept).toBe(mask.filter((v) => v === 1).length);
    await expect(fineTune(m, data, { epochs: 1, masks: new Map([['nope/kernel', mask]]) })).rejects.toThrow(/unknown weight/);
  });

  it('loads a data set from .npy files', () => {
    const x = path.join(dir, 'x.npy');
    const y = path.join(dir, 'y.npy');
    writeNpy(x, data.x.slice(0, 10 * 36), [10, 6, 6, 1]);
    writeNpy(y, Uint8Array.from(data.labels.slice(0, 10)), [10]);
    const d = loadNpyDataset(x, y);
    expect(d.count).toBe(10);
    expect(d.sampleShape).toEqual([6, 6, 1]);
    expect(Array.from(d.labels)).toEqual(Array.from(data.labels.slice(0, 10)));
    writeNpy(y, Uint8Array.from(data.labels.slice(0, 9)), [9]);
    expect(() => loadNpyDataset(x, y)).toThrow(/10 samples but 9 labels/);
  });
});
