import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addOp, addTensor, emptyGraph } from '../../src/ir/graph';
import { Graph, NO_CLAMP, Tensor } from '../../src/ir/types';
import { TinyfitError } from '../../src/errors';
import { writeNpy } from '../../src/io/npy';
import { runFloatAll } from '../../src/reference/runFloat';
import {
  Histogram,
  KlObserver,
  MinMaxObserver,
  MovingAverageMinMaxObserver,
  MseObserver,
  Observer,
  PercentileObserver,
  TensorRange,
} from '../../src/quantize/observers';
import {
  CALIBRATION_METHODS,
  activationTensorIds,
  calibrate,
  loadCalibrationSamples,
  loadRanges,
  saveRanges,
} from '../../src/quantize/calibrate';

// Aliased Math functions: Jest's VM context makes global lookups in hot loops very slow.
const { sqrt, log, cos, PI, round, min: fmin, max: fmax } = Math;

/** xorshift32 uniform in (0, 1): bit operations only (fast under Jest). */
function uniform01(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

function gaussianArray(n: number, seed: number, std = 1): Float32Array {
  const u = uniform01(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = std * sqrt(-2 * log(u())) * cos(2 * PI * u());
  return out;
}

function uniformArray(n: number, seed: number, lo: number, hi: number): Float32Array {
  const u = uniform01(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * u();
  return out;
}

/** Mean squared error of int8 asymmetric fake quantization of `x` with the range [a, b] (0 included). */
function fakeQuantMse(x: Float32Array, r: TensorRange): number {
  const a = fmin(r.min, 0);
  const b = fmax(r.max, 0);
  const scale = (b - a) / 255;
  const zp = fmin(127, fmax(-128, round(-128 - a / scale)));
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const q = fmin(127, fmax(-128, round(x[i] / scale) + zp));
    const d = (q - zp) * scale - x[i];
    s += d * d;
  }
  return s / x.length;
}

function feed(o: Observer, batches: Float32Array[]): TensorRange {
  for (const b of batches) o.observe(b);
  return o.range();
}

function expectTinyfitError(f: () => unknown, ...patterns: (RegExp | string)[]): string {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TinyfitError);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  for (const p of patterns) {
    if (typeof p === 'string') expect(msg).toContain(p);
    else expect(msg).toMatch(p);
  }
  return msg;
}

describe('observers', () => {
  // 16 batches of 2^17 standard normal values; one batch carries outliers at ±100 σ (two positive, one negative).
  const OUTLIER = 100;
  const withOutliers = (m: number): Float32Array[] =>
    Array.from({ length: 16 }, (_, b) => {
      const x = gaussianArray(1 << 17, 1000 + b);
      if (b === 5) [x[10], x[20], x[30]] = [m, m, -m];
      return x;
    });
  const gaussWithOutliers = withOutliers(OUTLIER);
  const allGauss = new Float32Array(16 << 17);
  gaussWithOutliers.forEach((x, b) => allGauss.set(x, b << 17));

  test('min/max is exact on uniform data; histogram methods land close to the ends', () => {
    const batches = Array.from({ length: 8 }, (_, b) => uniformArray(1 << 15, 7 + b, -2, 3));
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of batches) for (const v of x) [lo, hi] = [fmin(lo, v), fmax(hi, v)];
    expect(feed(new MinMaxObserver(), batches)).toEqual({ min: lo, max: hi });
    expect(feed(new PercentileObserver(100), batches)).toEqual({ min: lo, max: hi });

    const p = feed(new PercentileObserver(99), batches); // 1 % tails of U(-2, 3): -1.95 and 2.95
    expect(p.min).toBeCloseTo(-1.95, 2);
    expect(p.max).toBeCloseTo(2.95, 2);
    const m = feed(new MseObserver(), batches); // clips a hair (~0.3 % of the span) off each end
    expect(m.min).toBeGreaterThan(-2);
    expect(m.min).toBeLessThan(-1.97);
    expect(m.max).toBeLessThan(3);
    expect(m.max).toBeGreaterThan(2.97);
  });

  test('with a few huge outliers, percentile / MSE / KL clip well below them and min/max does not', () => {
    const mm = feed(new MinMaxObserver(), gaussWithOutliers);
    expect(mm).toEqual({ min: -OUTLIER, max: OUTLIER });

    // 2^21 values: the 99.999th percentile drops the top 21, outliers included: ~4.26 σ.
    const p = feed(new PercentileObserver(), gaussWithOutliers);
    expect(p.max).toBeGreaterThan(3.9);
    expect(p.max).toBeLessThan(4.8);
    expect(p.min).toBeLessThan(-3.9);
    expect(p.min).toBeGreaterThan(-4.8);

    // KL: the smallest threshold TensorRT tries is 128 of 2048 bins, (128.5 / 2048) · 100 ≈ 6.27.
    const kl = feed(new KlObserver(), gaussWithOutliers);
    expect(kl.max).toBeCloseTo((128.5 / 2048) * OUTLIER, 6);
    expect(kl.min).toBe(-kl.max);

    // MSE clips at least half of the outliers' span (brute force over real int8 rounding puts the optimum near
    // [-4, 40] here: two +100s are worth partly keeping, one -100 is not) and beats the other ranges on real error.
    const mse = feed(new MseObserver(), gaussWithOutliers);
    expect(mse.max).toBeLessThan(0.5 * OUTLIER);
    expect(mse.min).toBeGreaterThan(-0.5 * OUTLIER);
    expect(mse.max).toBeGreaterThan(4);
    const err = (r: TensorRange) => fakeQuantMse(allGauss, r);
    expect(err(mse)).toBeLessThan(err(mm));
    expect(err(mse)).toBeLessThan(err(p));
    expect(err(mse)).toBeLessThan(err(kl));
  });

  test('MSE keeps outliers whose clipping would cost more than coarse rounding of the bulk', () => {
    // Three ±1000 σ values among 2^21: clipping them costs 3·1000² ≈ 3e6, while the full range only rounds
    // the bulk to 0 (≈ 1 per value, 2e6 in all). The true-MSE optimum keeps them (percentile/KL would not).
    const batches = withOutliers(1000);
    const mse = feed(new MseObserver(), batches);
    const all = new Float32Array(16 << 17);
    batches.forEach((x, b) => all.set(x, b << 17));
    expect(mse.max).toBeGreaterThan(500);
    expect(fakeQuantMse(all, mse)).toBeLessThanOrEqual(fakeQuantMse(all, feed(new PercentileObserver(), batches)));
  });

  test('without outliers KL and MSE stay inside the data range and near its tails', () => {
    const batches = gaussWithOutliers.map((x, b) => (b === 5 ? gaussianArray(1 << 17, 77) : x));
    const mm = feed(new MinMaxObserver(), batches);
    for (const r of [feed(new KlObserver(), batches), feed(new MseObserver(), batches)]) {
      expect(r.max).toBeLessThanOrEqual(fmax(-mm.min, mm.max));
      expect(r.max).toBeGreaterThan(3);
      expect(r.min).toBeLessThan(-3);
    }
  });

  test('KL returns [0, t] for non-negative data (after ReLU) and [-t, t] otherwise', () => {
    const relu = gaussWithOutliers.slice(0, 4).map((x) => x.map((v) => fmax(0, v) * 2));
    const r = feed(new KlObserver(), relu);
    expect(r.min).toBe(0);
    expect(r.max).toBeGreaterThan(3);
    expect(r.max).toBeLessThanOrEqual(2 * 6);
    const s = feed(new KlObserver(), gaussWithOutliers.slice(0, 4));
    expect(s.min).toBe(-s.max);
    // One negative value anywhere makes it symmetric.
    const k = new KlObserver();
    relu.forEach((x) => k.observe(x));
    k.observe(Float32Array.of(-0.001));
    expect(k.range().min).toBe(-k.range().max);
  });

  test('moving average: first sample initialises, then m += 0.01·(sample − m)', () => {
    const o = new MovingAverageMinMaxObserver();
    const mm = new MinMaxObserver();
    const lowSample = Float32Array.of(-1, 0.5, 1);
    const highSample = Float32Array.of(3, -3, 0);
    for (let i = 0; i < 50; i++) [o, mm].forEach((x) => x.observe(lowSample));
    expect(o.range()).toEqual({ min: -1, max: 1 });
    o.observe(highSample);
    mm.observe(highSample);
    expect(o.range().max).toBeCloseTo(1.02, 12);
    expect(o.range().min).toBeCloseTo(-1.02, 12);
    expect(mm.range()).toEqual({ min: -3, max: 3 }); // min/max jumps at once
    for (let k = 2; k <= 200; k++) o.observe(highSample);
    expect(o.range().max).toBeCloseTo(3 - 2 * 0.99 ** 200, 10);
    expect(o.range().min).toBeCloseTo(-3 + 2 * 0.99 ** 200, 10);
    // A single spike moves it by 1 % of the gap only.
    const before = o.range().max;
    o.observe(Float32Array.of(0, 1000));
    expect(o.range().max).toBeCloseTo(before + 0.01 * (1000 - before), 10);
  });

  test('observers ignore non-finite values and report [0, 0] before any data', () => {
    for (const o of [new MinMaxObserver(), new MovingAverageMinMaxObserver(), new PercentileObserver(), new MseObserver(), new KlObserver()]) {
      expect(o.range()).toEqual({ min: 0, max: 0 });
      o.observe(Float32Array.of(NaN, Infinity, -Infinity));
      expect(o.range()).toEqual({ min: 0, max: 0 });
    }
    expect(feed(new MinMaxObserver(), [Float32Array.of(1, NaN, -2, Infinity)])).toEqual({ min: -2, max: 1 });
  });

  test('the histogram grows its range by exact bin merges and keeps every count', () => {
    const h = new Histogram(64);
    h.add(Float32Array.of(0, 0, 0)); // constant first batch
    h.add(uniformArray(1000, 3, -5, 5));
    h.add(Float32Array.of(100, -250));
    expect(h.total).toBe(1005);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1005);
    expect(h.lo).toBeLessThanOrEqual(-250);
    expect(h.hi).toBeGreaterThanOrEqual(100);
    expect(h.hi - h.lo).toBeLessThan(4 * 350);
    expect(h.quantile(0)).toBe(-250);
    expect(h.quantile(1)).toBe(100);
    const a = new Histogram(64, 'abs');
    a.add(Float32Array.of(-3, 0.5, -1.5, 2.5));
    expect(a.lo).toBe(0);
    expect(a.max).toBe(3);
    expect(Array.from(a.rebin(3, 0, 3))).toEqual([1, 1, 2]);
  });

  test('percentile outside [50, 100] is rejected', () => {
    expect(() => new PercentileObserver(40)).toThrow(RangeError);
    expect(() => new PercentileObserver(100.5)).toThrow(RangeError);
  });
});

/** x[4] → dense 3 → relu (+ optional extra op). */
function denseRelu(opts: { shiftIds?: boolean; extra?: boolean } = {}): { g: Graph; x: Tensor; fc: Tensor; relu: Tensor } {
  const g = emptyGraph('dense_relu');
  if (opts.shiftIds) addTensor(g, 'unused_const', [1], 'float32', Float32Array.of(0));
  const x = addTensor(g, 'x', [4]);
  const w = addTensor(g, 'w', [3, 4], 'float32', Float32Array.from([0.5, -1, 0.25, 2, -0.75, 0.5, 1, -0.5, 1.5, 0.25, -2, 0.1]));
  const b = addTensor(g, 'b', [3], 'float32', Float32Array.of(0.1, -0.2, 0.3));
  const fc = addOp(g, 'dense', 'fc', [x, w, b], { clamp: NO_CLAMP });
  const relu = addOp(g, 'activation', 'relu', [fc], { fn: 'relu', params: {} });
  let out = relu;
  if (opts.extra) out = addOp(g, 'activation', 'extra', [relu], { fn: 'tanh', params: {} });
  g.inputs = [x.id];
  g.outputs = [out.id];
  return { g, x, fc, relu };
}

const samples: Float32Array[][] = Array.from({ length: 24 }, (_, s) => [uniformArray(4, 500 + s, -2, 2)]);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-calib-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('calibrate', () => {
  test('min/max ranges equal the extremes of runFloatAll over the samples, for activations only', () => {
    const { g, x, fc, relu } = denseRelu();
    const progress: [number, number][] = [];
    const ranges = calibrate(g, samples, 'minmax', { onProgress: (d, t) => progress.push([d, t]) });
    expect([...ranges.keys()]).toEqual([x.id, fc.id, relu.id]);
    expect(activationTensorIds(g)).toEqual([x.id, fc.id, relu.id]);
    expect(progress).toEqual(samples.map((_, i) => [i + 1, samples.length]));

    const want = new Map<number, TensorRange>();
    const ema = new Map<number, TensorRange>();
    samples.forEach((inputs, s) => {
      const all = runFloatAll(g, inputs);
      for (const id of ranges.keys()) {
        const v = all.get(id)!;
        const lo = fmin(...v);
        const hi = fmax(...v);
        const cur = want.get(id);
        want.set(id, cur ? { min: fmin(cur.min, lo), max: fmax(cur.max, hi) } : { min: lo, max: hi });
        const e = ema.get(id);
        ema.set(id, e && s > 0 ? { min: e.min + 0.01 * (lo - e.min), max: e.max + 0.01 * (hi - e.max) } : { min: lo, max: hi });
      }
    });
    expect(ranges).toEqual(want);
    expect(ranges.get(relu.id)!.min).toBe(0);

    const ma = calibrate(g, samples, 'moving-average');
    for (const [id, r] of ema) {
      expect(ma.get(id)!.min).toBeCloseTo(r.min, 6);
      expect(ma.get(id)!.max).toBeCloseTo(r.max, 6);
    }
    expect(calibrate(g, samples, 'percentile', { percentile: 100 })).toEqual(want);
  });

  test('every method gives finite ranges; ReLU outputs keep min ≥ 0 (KL: exactly 0)', () => {
    const { g, relu } = denseRelu();
    for (const method of CALIBRATION_METHODS) {
      const ranges = calibrate(g, samples, method);
      expect(ranges.size).toBe(3);
      for (const r of ranges.values()) {
        expect(Number.isFinite(r.min) && Number.isFinite(r.max)).toBe(true);
        expect(r.min).toBeLessThanOrEqual(r.max);
      }
      expect(ranges.get(relu.id)!.min).toBeGreaterThanOrEqual(0);
      if (method === 'kl' || method === 'mse') expect(ranges.get(relu.id)!.min).toBe(0);
    }
  });

  test('bad samples, options and non-finite activations are user errors', () => {
    const { g } = denseRelu();
    expectTinyfitError(() => calibrate(g, [], 'minmax'), 'at least one sample');
    expectTinyfitError(() => calibrate(g, [samples[0], [new Float32Array(3)]], 'minmax'), 'calibration sample 1', "'x'");
    expectTinyfitError(() => calibrate(g, [samples[0], []], 'kl'), 'calibration sample 1');
    expectTinyfitError(() => calibrate(g, [[Float32Array.of(1, NaN, 0, 0)]], 'mse'), 'calibration sample 0', "'x'", 'non-finite');
    expectTinyfitError(() => calibrate(g, samples, 'percentile', { percentile: 20 }), 'percentile');
    expectTinyfitError(() => calibrate(g, samples, 'median' as never), "unknown calibration method 'median'");
  });
});

describe('saveRanges / loadRanges', () => {
  test('round trip by tensor name, surviving different tensor ids', () => {
    const { g, fc } = denseRelu();
    const ranges = calibrate(g, samples, 'percentile');
    const file = path.join(dir, 'ranges.json');
    saveRanges(file, g, ranges, { method: 'percentile', samples: samples.length, percentile: 99.999 });
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(doc.ranges)).toEqual(['x', 'fc', 'relu']);
    expect(doc.meta).toEqual({ method: 'percentile', samples: 24, percentile: 99.999 });
    expect(loadRanges(file, g)).toEqual(ranges);

    const re = denseRelu({ shiftIds: true }); // same names, other ids
    expect(re.fc.id).not.toBe(fc.id);
    const loaded = loadRanges(file, re.g);
    expect(loaded.get(re.fc.id)).toEqual(ranges.get(fc.id));
    expect(loaded.size).toBe(3);
  });

  test('missing tensors and malformed files give one-line errors naming the file', () => {
    const { g } = denseRelu();
    const file = path.join(dir, 'r2.json');
    saveRanges(file, g, calibrate(g, samples, 'minmax'));
    expectTinyfitError(() => loadRanges(file, denseRelu({ extra: true }).g), file, "no range for tensor 'extra'", 'recalibrate');

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"format": "tinyfit-ranges", ');
    expectTinyfitError(() => loadRanges(bad, g), bad, 'not a valid tinyfit ranges file');
    fs.writeFileSync(bad, JSON.stringify({ hello: 1 }));
    expectTinyfitError(() => loadRanges(bad, g), bad, '"format"');
    fs.writeFileSync(bad, JSON.stringify({ format: 'tinyfit-ranges', version: 1, ranges: { x: { min: 1 } } }));
    expectTinyfitError(() => loadRanges(bad, g), bad, "tensor 'x'");
    fs.writeFileSync(bad, JSON.stringify({ format: 'tinyfit-ranges', version: 1, ranges: { x: { min: 2, max: 1 } } }));
    expectTinyfitError(() => loadRanges(bad, g), bad, 'invalid');
    expectTinyfitError(() => loadRanges(path.join(dir, 'nope.json'), g), path.join(dir, 'nope.json'), 'cannot read');
  });
});

describe('loadCalibrationSamples', () => {
  test('reads one file per input, first axis = samples, any per-sample layout with the right size', () => {
    const { g } = denseRelu();
    const data = uniformArray(5 * 4, 9, -1, 1);
    const f1 = path.join(dir, 'x.npy');
    writeNpy(f1, data, [5, 4]);
    const s = loadCalibrationSamples([f1], g);
    expect(s.length).toBe(5);
    s.forEach((inputs, i) => {
      expect(inputs.length).toBe(1);
      expect(Array.from(inputs[0])).toEqual(Array.from(data.subarray(4 * i, 4 * i + 4)));
    });
    const f2 = path.join(dir, 'x22.npy');
    writeNpy(f2, data, [5, 2, 2]);
    expect(loadCalibrationSamples(f2, g)).toEqual(s); // a single file path works for one input
    expect(calibrate(g, s, 'minmax').size).toBe(3);
  });

  test('a folder holds one .npy per input, taken in file-name order', () => {
    const g = emptyGraph('two_inputs');
    const a = addTensor(g, 'a', [2]);
    const b = addTensor(g, 'b', [3]);
    const cat = addOp(g, 'concat', 'cat', [a, b], { axis: 0 });
    g.inputs = [a.id, b.id];
    g.outputs = [cat.id];
    const folder = path.join(dir, 'two');
    fs.mkdirSync(folder);
    writeNpy(path.join(folder, '1_b.npy'), Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    writeNpy(path.join(folder, '0_a.npy'), Float32Array.from([-1, -2, -3, -4]), [2, 2]);
    fs.writeFileSync(path.join(folder, 'README.txt'), 'ignored');
    const s = loadCalibrationSamples(folder, g);
    expect(s.map((inputs) => inputs.map((x) => Array.from(x)))).toEqual([
      [[-1, -2], [1, 2, 3]],
      [[-3, -4], [4, 5, 6]],
    ]);
    const ranges = calibrate(g, s, 'minmax');
    expect(ranges.get(cat.id)).toEqual({ min: -4, max: 6 });

    writeNpy(path.join(folder, '2_c.npy'), Float32Array.of(1), [1]);
    expectTinyfitError(() => loadCalibrationSamples(folder, g), folder, '3 .npy file(s)', "2 input(s)");
    fs.rmSync(path.join(folder, '2_c.npy'));
    writeNpy(path.join(folder, '1_b.npy'), Float32Array.from([1, 2, 3]), [1, 3]);
    expectTinyfitError(() => loadCalibrationSamples(folder, g), path.join(folder, '1_b.npy'), 'holds 1 samples', '0_a.npy');
  });

  test('wrong shape, wrong dtype, missing file and wrong file count are clear errors', () => {
    const { g } = denseRelu();
    const wrong = path.join(dir, 'wrong.npy');
    writeNpy(wrong, new Float32Array(15), [5, 3]);
    expectTinyfitError(() => loadCalibrationSamples([wrong], g), wrong, "input 'x'", 'shape [4]', 'got shape [5, 3]');

    const i8 = path.join(dir, 'int8.npy');
    writeNpy(i8, new Int8Array(20), [5, 4]);
    expectTinyfitError(() => loadCalibrationSamples([i8], g), i8, 'float32', 'int8');
    const u8 = path.join(dir, 'uint8.npy');
    writeNpy(u8, new Uint8Array(20), [5, 4]);
    expectTinyfitError(() => loadCalibrationSamples([u8], g), u8, 'float32', 'uint8');

    const missing = path.join(dir, 'missing.npy');
    expectTinyfitError(() => loadCalibrationSamples([missing], g), missing);
    expectTinyfitError(() => loadCalibrationSamples(missing, g), missing);
    expectTinyfitError(() => loadCalibrationSamples([wrong, wrong], g), '1 input(s)', '2 calibration file(s)');

    const empty = path.join(dir, 'empty.npy');
    writeNpy(empty, new Float32Array(0), [0, 4]);
    expectTinyfitError(() => loadCalibrationSamples([empty], g), empty, 'no samples');
  });
});
